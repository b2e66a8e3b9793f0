#include "apirequest.h"

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

} // namespace gantry
