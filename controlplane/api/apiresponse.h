// What a route handler returns: a status and a JSON (or raw) body. Errors use the one error shape
// of DESIGN.md through ApiResponse::error().
#pragma once

#include "apierror.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace gantry {

struct ApiResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray requestId; // set by the router: X-Request-Id

    static ApiResponse json(const QJsonObject &object, int status = 200);
    static ApiResponse json(const QJsonArray &array, int status = 200);
    static ApiResponse error(int status, const QString &code, const QString &message,
                             const QList<FieldError> &fields = {});
};

} // namespace gantry
