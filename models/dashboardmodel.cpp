#include "dashboardmodel.h"

#include "fleetfeed.h"
#include "fleetformat.h"
#include "jobsmodel.h"
#include "nodesmodel.h"

#include <algorithm>

namespace gantry {

namespace {
// 180 points each: 5 s over 15 min, 20 s over an hour, 8 min over a day.
constexpr qint64 kBucketMs[3] = {5'000, 20'000, 480'000};
} // namespace

DashboardModel::DashboardModel(FleetFeed *feed, QObject *parent)
    : QObject(parent)
    , m_feed(feed)
    , m_pending{RingSeries(kPoints, kBucketMs[0]), RingSeries(kPoints, kBucketMs[1]),
                RingSeries(kPoints, kBucketMs[2])}
    , m_running{RingSeries(kPoints, kBucketMs[0]), RingSeries(kPoints, kBucketMs[1]),
                RingSeries(kPoints, kBucketMs[2])}
{
    // At most once a second, and only when the fleet changed or a bucket of the finest series
    // went by: the tiles follow the fleet live without recomputing for nothing.
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (m_dirty || !m_lastSample.isValid() || m_lastSample.msecsTo(now) >= kBucketMs[0])
            sample(now);
    });
    m_timer.start();
    connect(m_feed, &FleetFeed::updated, this, [this] { m_dirty = true; });
    // The first list fills the tiles at once rather than at the next tick.
    connect(m_feed, &FleetFeed::stateChanged, this, [this] {
        if (m_feed->state() == FleetFeed::State::Live)
            sample();
    });
}

QString DashboardModel::rangeLabel(Range range)
{
    switch (range) {
    case Range::Minutes15:
        return tr("15 min");
    case Range::Hour1:
        return tr("1 h");
    case Range::Hours24:
        return tr("24 h");
    }
    return {};
}

void DashboardModel::sample(const QDateTime &now)
{
    m_dirty = false;
    m_lastSample = now;
    DashboardTiles t;
    const QDateTime hourAgo = now.addSecs(-3600);
    std::vector<double> queueTimes;
    int succeeded = 0, unsuccessful = 0;
    QList<QJsonObject> jobs;
    jobs.reserve(m_feed->jobs()->allJobs().size());
    for (const QJsonObject &job : m_feed->jobs()->allJobs()) {
        jobs.append(job);
        const QString status = job.value(QLatin1String("status")).toString();
        if (status == QLatin1String("pending")) {
            ++t.pending;
        } else if (status == QLatin1String("running")) {
            ++t.running;
        }
        const QJsonValue queue = job.value(QLatin1String("queue_seconds"));
        if (queue.isDouble() &&
            FleetFormat::parseTime(job.value(QLatin1String("started_at"))) >= hourAgo)
            queueTimes.push_back(queue.toDouble());
        if (status == QLatin1String("dead") &&
            FleetFormat::parseTime(job.value(QLatin1String("finished_at"))) >= hourAgo) {
            const QString outcome = job.value(QLatin1String("outcome")).toString();
            // A canceled job says nothing about the fleet's health.
            if (outcome == QLatin1String("success"))
                ++succeeded;
            else if (outcome == QLatin1String("failed") || outcome == QLatin1String("lost"))
                ++unsuccessful;
        }
    }
    if (!queueTimes.empty()) {
        const size_t mid = queueTimes.size() / 2;
        std::nth_element(queueTimes.begin(), queueTimes.begin() + mid, queueTimes.end());
        double median = queueTimes[mid];
        if (queueTimes.size() % 2 == 0) {
            const double below = *std::max_element(queueTimes.begin(), queueTimes.begin() + mid);
            median = (median + below) / 2;
        }
        t.medianQueueSeconds = median;
    }
    t.queued = int(QueueDiagnosis::waitingForCapacity(jobs, &t.onHold, &t.upstream).size());
    t.finishedLastHour = succeeded + unsuccessful;
    if (t.finishedLastHour > 0)
        t.successRate = double(succeeded) / t.finishedLastHour;

    const NodesModel *nodesModel = m_feed->nodes();
    QList<QJsonObject> nodes;
    nodes.reserve(nodesModel->rowCount());
    m_busiest.clear();
    for (int row = 0; row < nodesModel->rowCount(); ++row) {
        const QJsonObject node = nodesModel->record(row);
        nodes.append(node);
        const QString status = node.value(QLatin1String("status")).toString();
        if (NodesModel::isDraining(node))
            ++t.nodesDraining;
        else if (status != QLatin1String("ready"))
            ++t.nodesDown;
        else if (node.value(QLatin1String("eligibility")).toString() == QLatin1String("ineligible"))
            ++t.nodesIneligible;
        else
            ++t.nodesReady;
        const QString name = node.value(QLatin1String("name")).toString();
        m_busiest.append({name.isEmpty() ? node.value(QLatin1String("id")).toString() : name,
                          NodesModel::runningAllocs(node)});
    }
    std::stable_sort(m_busiest.begin(), m_busiest.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    m_tiles = t;

    // While disconnected the series would only repeat stale numbers: they pause instead.
    if (!m_feed->isReadOnly()) {
        const qint64 ms = now.toMSecsSinceEpoch();
        for (size_t r = 0; r < m_pending.size(); ++r) {
            m_pending[r].add(ms, t.pending);
            m_running[r].add(ms, t.running);
        }
    }
    m_findings = QueueDiagnosis::diagnose(nodes, jobs, now);
    Q_EMIT changed();
}

QList<std::pair<QString, int>> DashboardModel::busiestNodes(int limit) const
{
    return m_busiest.mid(0, limit);
}

} // namespace gantry
