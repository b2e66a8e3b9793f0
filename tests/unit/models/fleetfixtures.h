// Node and job records in the API's shape (GET /v1/nodes, GET /v1/jobs), for the fleet model tests.
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace gantry::fixtures {

inline QJsonObject node(const QString &id, int allocatedCpu = 0, int allocatedMb = 0,
                        const QString &status = QStringLiteral("ready"), bool drain = false,
                        int cpu = 8, int memoryMb = 16384)
{
    return {{"id", id},
            {"name", QStringLiteral("name-") + id},
            {"datacenter", "dc1"},
            {"node_class", "local"},
            {"drain", drain},
            {"drain_deadline", QJsonValue::Null},
            {"eligibility", "eligible"},
            {"status", status},
            {"resources", QJsonObject{{"cpu", cpu}, {"memory_mb", memoryMb}}},
            {"reserved", QJsonObject{{"cpu", 2}, {"memory_mb", 4096}}},
            {"allocated", QJsonObject{{"cpu", allocatedCpu}, {"memory_mb", allocatedMb}}},
            {"running_allocs", allocatedCpu > 0 ? 1 : 0}};
}

inline QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

inline QJsonObject job(const QString &id, const QString &status,
                       const QString &resourceClass = QStringLiteral("medium"),
                       const QDateTime &submitted = QDateTime::currentDateTimeUtc().addSecs(-120))
{
    QJsonObject o{{"id", id},
                  {"name", QStringLiteral("job-") + id},
                  {"workflow", "build-test"},
                  {"workflow_run_id", QStringLiteral("run-") + id},
                  {"status", status},
                  {"outcome", QJsonValue::Null},
                  {"on_hold", false},
                  {"resource_class", resourceClass},
                  {"parallelism", 1},
                  {"requires", QJsonArray{}},
                  {"submitted_at", iso(submitted)},
                  {"started_at", QJsonValue::Null},
                  {"finished_at", QJsonValue::Null},
                  {"queue_seconds", QJsonValue::Null},
                  {"node_ids", QJsonArray{}}};
    return o;
}

inline QJsonObject finished(QJsonObject j, const QString &outcome, const QDateTime &started,
                            double queueSeconds, double runSeconds)
{
    j["status"] = "dead";
    j["outcome"] = outcome;
    j["started_at"] = iso(started);
    j["finished_at"] = iso(started.addMSecs(qint64(runSeconds * 1000)));
    j["queue_seconds"] = queueSeconds;
    return j;
}

} // namespace gantry::fixtures
