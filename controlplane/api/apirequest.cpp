#include "apirequest.h"

#include <QJsonDocument>

namespace gantry {

QJsonObject ApiRequest::auditRequest() const
{
    bool isV4 = false;
    const quint32 v4 = remoteAddress.toIPv4Address(&isV4); // also unwraps ::ffff:a.b.c.d
    QJsonObject o{{"id", requestId},
                  {"ip_address", isV4 ? QHostAddress(v4).toString() : remoteAddress.toString()}};
    const QByteArray trace = header("x-client-trace-id");
    if (!trace.isEmpty())
        o.insert("client_trace_id", QString::fromLatin1(trace.left(200)));
    return o;
}

std::optional<QJsonObject> ApiRequest::jsonObject(ApiResponse *error, bool emptyIsObject) const
{
    if (emptyIsObject && body.trimmed().isEmpty())
        return QJsonObject{};
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (doc.isObject())
        return doc.object();
    *error = ApiResponse::error(400, QStringLiteral("invalid_body"),
                                parseError.error != QJsonParseError::NoError
                                    ? QStringLiteral("body is not JSON: %1 at offset %2")
                                          .arg(parseError.errorString())
                                          .arg(parseError.offset)
                                    : QStringLiteral("body must be a JSON object"));
    return std::nullopt;
}

} // namespace gantry
