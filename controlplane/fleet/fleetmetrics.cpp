#include "fleetmetrics.h"

#include "api/router.h"
#include "fleetservice.h"

#include <QJsonArray>

namespace gantry {

namespace {

struct Snapshot
{
    FleetService::JobCounts jobs;
    std::vector<qint64> bucketCounts; // cumulative per kQueueBuckets, then +Inf
    double queueSum = 0;
    qint64 queueCount = 0;
};

Snapshot take(const FleetService &service)
{
    Snapshot s;
    s.jobs = service.jobCounts();
    s.bucketCounts.assign(std::size(FleetMetrics::kQueueBuckets) + 1, 0);
    for (const Job &j : service.scheduler().jobs()) {
        if (!j.queueSeconds)
            continue;
        const double q = *j.queueSeconds;
        s.queueSum += q;
        ++s.queueCount;
        for (size_t b = 0; b < std::size(FleetMetrics::kQueueBuckets); ++b)
            if (q <= FleetMetrics::kQueueBuckets[b])
                ++s.bucketCounts[b];
        ++s.bucketCounts.back();
    }
    return s;
}

QByteArray escapeLabel(const QString &value)
{
    QByteArray v = value.toUtf8();
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return v;
}

} // namespace

QByteArray FleetMetrics::prometheus(const FleetService &service)
{
    const Snapshot s = take(service);
    QByteArray out;
    auto gauge = [&out](const char *name, const char *help, qint64 value) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " gauge\n" + name +
               ' ' + QByteArray::number(value) + '\n';
    };
    // The local fleet is polled in-process: a poll never fails.
    gauge("circle_nomad_server_agent_poll_failure", "1 if the last poll of the scheduler failed.",
          0);
    gauge("circle_nomad_server_agent_jobs_pending", "Jobs waiting for placement or approval.",
          s.jobs.pending);
    gauge("circle_nomad_server_agent_jobs_running", "Jobs with running allocations.",
          s.jobs.running);
    gauge("circle_nomad_server_agent_jobs_complete", "Jobs that finished successfully.",
          s.jobs.complete);
    gauge("circle_nomad_server_agent_jobs_dead", "Jobs that failed, were canceled or lost.",
          s.jobs.dead);
    out += "# HELP gantry_job_queue_seconds Time from submission to start.\n"
           "# TYPE gantry_job_queue_seconds histogram\n";
    for (size_t b = 0; b < std::size(kQueueBuckets); ++b)
        out += "gantry_job_queue_seconds_bucket{le=\"" + QByteArray::number(kQueueBuckets[b]) +
               "\"} " + QByteArray::number(s.bucketCounts[b]) + '\n';
    out += "gantry_job_queue_seconds_bucket{le=\"+Inf\"} " +
           QByteArray::number(s.bucketCounts.back()) + "\ngantry_job_queue_seconds_sum " +
           QByteArray::number(s.queueSum, 'f', 3) + "\ngantry_job_queue_seconds_count " +
           QByteArray::number(s.queueCount) + '\n';
    out += "# HELP gantry_node_running_allocations Running allocations per node.\n"
           "# TYPE gantry_node_running_allocations gauge\n";
    for (const Node &n : service.scheduler().nodes())
        out += "gantry_node_running_allocations{node=\"" + escapeLabel(n.id) + "\",name=\"" +
               escapeLabel(n.name) + "\"} " + QByteArray::number(n.runningAllocs) + '\n';
    return out;
}

QJsonObject FleetMetrics::json(const FleetService &service)
{
    const Snapshot s = take(service);
    QJsonArray buckets;
    for (size_t b = 0; b < std::size(kQueueBuckets); ++b)
        buckets.append(QJsonObject{{"le", kQueueBuckets[b]}, {"count", s.bucketCounts[b]}});
    QJsonArray nodes;
    for (const Node &n : service.scheduler().nodes())
        nodes.append(
            QJsonObject{{"id", n.id}, {"name", n.name}, {"running_allocs", n.runningAllocs}});
    return {{"poll_failure", 0},
            {"jobs", QJsonObject{{"pending", s.jobs.pending},
                                 {"running", s.jobs.running},
                                 {"complete", s.jobs.complete},
                                 {"dead", s.jobs.dead}}},
            {"queued_allocations", service.scheduler().queuedAllocations()},
            {"queue_seconds",
             QJsonObject{{"buckets", buckets}, {"sum", s.queueSum}, {"count", s.queueCount}}},
            {"nodes", nodes}};
}

void FleetMetrics::install(Router &router, const FleetService &service)
{
    router.add("GET", QStringLiteral("/v1/metrics"), [&service](const ApiRequest &r) {
        const QString format = r.query.queryItemValue(QStringLiteral("format"));
        if (format == QStringLiteral("json"))
            return ApiResponse::json(json(service));
        if (!format.isEmpty() && format != QStringLiteral("prometheus"))
            return ApiResponse::error(
                400, QStringLiteral("invalid_parameter"),
                QStringLiteral("format must be prometheus or json"),
                {{QStringLiteral("format"), QStringLiteral("expected prometheus or json")}});
        return ApiResponse{
            200, "text/plain; version=0.0.4; charset=utf-8", prometheus(service), {}, {}};
    });
}

} // namespace gantry
