// Audit-log fixtures for the browser tests: CSV in the guide's format for POST /v1/audit/import
// (generated events with known actions, actors, targets and times) and a blocking API call.
#pragma once

#include "apiresult.h"
#include "controlplaneclient.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUuid>

namespace gantry::audittest {

inline const QStringList &fixtureActions()
{
    static const QStringList actions{"workflow.job.start", "workflow.job.finish",
                                     "user.logged_in",     "context.create",
                                     "settings.update",    "node.drain.enable"};
    return actions;
}

inline QByteArray csvCell(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\n') && !utf8.contains('\r'))
        return utf8;
    return '"' + utf8.replace("\"", "\"\"") + '"';
}

inline QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// `count` events, one every `stepMs` from `start`: action i % 6, actor "user-<i % 7>",
// target "project-<i % 11>", success unless i % 5 == 0, payload with the word "alpha" when
// i % 3 == 0 (else "beta").
inline QByteArray fixtureCsv(int count, const QDateTime &start, qint64 stepMs, int firstIndex = 0)
{
    QByteArray csv = "action,actor,target,payload,occurred_at,metadata,id,version,scope,success,"
                     "request\r\n";
    for (int n = 0; n < count; ++n) {
        const int i = firstIndex + n;
        const QJsonObject actor{{"id", QString("u-%1").arg(i % 7)},
                                {"type", "user"},
                                {"name", QString("user-%1").arg(i % 7)}};
        const QJsonObject target{{"id", QString("p-%1").arg(i % 11)},
                                 {"type", "project"},
                                 {"name", QString("project-%1").arg(i % 11)}};
        const QJsonObject payload{
            {"word", i % 3 == 0 ? "alpha" : "beta"}, {"n", i}, {"note", "a \"quoted\", comma"}};
        const QJsonObject request{{"id", QString("req-%1").arg(i)},
                                  {"ip_address", "10.0.0.7"},
                                  {"client_trace_id", QString("trace-%1").arg(i)}};
        const QString at = start.addMSecs(qint64(n) * stepMs)
                               .toUTC()
                               .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
        const QList<QByteArray> cells{
            csvCell(fixtureActions()[i % fixtureActions().size()]),
            csvCell(compact(actor)),
            csvCell(compact(target)),
            csvCell(compact(payload)),
            at.toUtf8(),
            csvCell(compact({{"source", "fixture"}})),
            QUuid::createUuid().toString(QUuid::WithoutBraces).toUtf8(),
            "1",
            csvCell(compact({{"id", "a-1"}, {"type", "account"}, {"name", "acme"}})),
            i % 5 == 0 ? "false" : "true",
            csvCell(compact(request))};
        csv += cells.join(',') + "\r\n";
    }
    return csv;
}

// One call, waited for.
inline ApiResult call(ControlPlaneClient &client, const QByteArray &method, const QString &path,
                      const QByteArray &body = {}, const QByteArray &type = "text/csv")
{
    ApiResult out;
    bool done = false;
    client.request(
        method, path, body,
        [&](const ApiResult &r) {
            out = r;
            done = true;
        },
        type);
    QDeadlineTimer deadline(60000);
    while (!done && !deadline.hasExpired())
        QTest::qWait(5);
    return out;
}

} // namespace gantry::audittest
