// One HTTP request as a route handler sees it: method, path parameters, query, headers, body,
// and the caller's identity once authenticated.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QString>
#include <QUrlQuery>

namespace gantry {

struct ApiRequest
{
    QByteArray method;              // "GET", "POST", ...
    QString path;                   // "/v1/node/abc"
    QHash<QString, QString> params; // ":id" captures of the route pattern, without the colon
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    QHostAddress remoteAddress;
    QString actor; // who the token belongs to; empty before authentication

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

} // namespace gantry
