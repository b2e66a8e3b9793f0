// One HTTP request as a route handler sees it: method, path parameters, query, headers, body,
// and the caller's identity once authenticated.
#pragma once

#include "apiresponse.h"
#include "identity.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>
#include <optional>

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
    Identity identity; // who is calling; empty before authentication
    QString requestId; // a UUID per request, echoed as X-Request-Id

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    // The audit log's "request" field: {id, ip_address (IPv4 dotted when it is one),
    // client_trace_id (X-Client-Trace-Id)}.
    QJsonObject auditRequest() const;
    // The body as a JSON object, or nullopt with the 400 that says why it is not one. An empty
    // body is an empty object when `emptyIsObject`.
    std::optional<QJsonObject> jsonObject(ApiResponse *error, bool emptyIsObject = false) const;
};

} // namespace gantry
