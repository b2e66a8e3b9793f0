#include "dashboardmodel.h"

#include "fleetfeed.h"
#include "fleetformat.h"
#include "jobsmodel.h"
#include "nodesmodel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gantry {

namespace {
// 180 points each: 5 s over 15 min, 20 s over an hour, 8 min over a day.
constexpr qint64 kBucketMs[3] = {5'000, 20'000, 480'000};
constexpr qint64 kQueueWindowMs = 60'000;

// Median and 95th percentile (nearest rank) of `values`, which it reorders.
std::pair<double, double> medianAndP95(std::vector<double> &values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    const double median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    const size_t rank = size_t(std::ceil(0.95 * double(n)));
    return {median, values[std::max<size_t>(rank, 1) - 1]};
}
} // namespace

DashboardModel::DashboardModel(FleetFeed *feed, QObject *parent)
    : QObject(parent)
    , m_feed(feed)
    , m_pending{RingSeries(kPoints, kBucketMs[0]), RingSeries(kPoints, kBucketMs[1]),
                RingSeries(kPoints, kBucketMs[2])}
    , m_running{RingSeries(kPoints, kBucketMs[0]), RingSeries(kPoints, kBucketMs[1]),
                RingSeries(kPoints, kBucketMs[2])}
    , m_queueMedian{RingSeries(kPoints, kBucketMs[0]), RingSeries(kPoints, kBucketMs[1]),
                    RingSeries(kPoints, kBucketMs[2])}
    , m_queueP95{RingSeries(kPoints, kBucketMs[0]), RingSeries(kPoints, kBucketMs[1]),
                 RingSeries(kPoints, kBucketMs[2])}
{
    // At most once a second, and only when the fleet changed or a bucket of the finest series
    // went by: the tiles follow the fleet live without recomputing for nothing.
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (m_dirty || !m_lastSample.isValid() || m_lastSample.msecsTo(now) >= kBucketMs[0])
            sampleInBackground(now);
    });
    m_pool.setMaxThreadCount(1);
    m_timer.start();
    connect(m_feed, &FleetFeed::updated, this, [this] { m_dirty = true; });
    // The first list fills the tiles as soon as it is computed rather than at the next tick
    // (on the worker too: with 50,000 jobs it takes longer than a frame).
    connect(m_feed, &FleetFeed::stateChanged, this, [this] {
        if (m_feed->state() == FleetFeed::State::Live)
            sampleInBackground();
    });
}

DashboardModel::~DashboardModel()
{
    m_timer.stop();
    // A sample still computing reads only its own copies; its result is posted to this object
    // and dropped with it once the thread is done.
    m_pool.waitForDone();
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

qint64 DashboardModel::queueWindowMs(Range range)
{
    return std::max(kQueueWindowMs, kBucketMs[size_t(range)]);
}

void DashboardModel::addQueuePoints(const Starts &starts, qint64 nowMs)
{
    const auto windowStats = [&](qint64 end,
                                 qint64 window) -> std::optional<std::pair<double, double>> {
        const auto from = std::upper_bound(starts.begin(), starts.end(), end - window,
                                           [](qint64 t, const auto &s) { return t < s.first; });
        const auto to = std::upper_bound(starts.begin(), starts.end(), end,
                                         [](qint64 t, const auto &s) { return t < s.first; });
        if (from >= to)
            return std::nullopt;
        std::vector<double> values;
        values.reserve(size_t(to - from));
        for (auto it = from; it != to; ++it)
            values.push_back(it->second);
        return medianAndP95(values);
    };
    for (size_t r = 0; r < m_queueMedian.size(); ++r) {
        const qint64 window = queueWindowMs(Range(r));
        RingSeries &median = m_queueMedian[r];
        RingSeries &p95 = m_queueP95[r];
        if (median.size() == 0) {
            // A console opened on a busy fleet shows the history it was given at once: the
            // points of the range before now, from the jobs' own start times.
            const qint64 bucket = median.bucketMs();
            for (qint64 end = (nowMs / bucket - kPoints + 1) * bucket - 1; end < nowMs;
                 end += bucket) {
                if (const auto stats = windowStats(end, window)) {
                    median.add(end, stats->first);
                    p95.add(end, stats->second);
                }
            }
        }
        if (const auto stats = windowStats(nowMs, window)) {
            median.add(nowMs, stats->first);
            p95.add(nowMs, stats->second);
        }
    }
}

void DashboardModel::sample(const QDateTime &now)
{
    m_dirty = false;
    m_lastSample = now;
    apply(compute(gatherNodes(), m_feed->jobs()->allJobs().values(), now));
}

void DashboardModel::sampleInBackground(const QDateTime &now)
{
    if (m_computing) {
        m_dirty = true; // once more when this one lands
        return;
    }
    m_dirty = false;
    m_lastSample = now;
    m_computing = true;
    // Copies of implicitly shared records: cheap here, and safe to read on another thread.
    // The jobs go as the shared hash itself (one reference, not 50,000): if the feed changes a
    // job meanwhile, the hash detaches on its side and this thread keeps its own snapshot.
    m_pool.start([this, nodes = gatherNodes(), jobs = m_feed->jobs()->allJobs(), now] {
        auto result = std::make_shared<Sample>(compute(nodes, jobs.values(), now));
        QMetaObject::invokeMethod(
            this,
            [this, result] {
                m_computing = false;
                apply(*result);
            },
            Qt::QueuedConnection);
    });
}

QList<QJsonObject> DashboardModel::gatherNodes() const
{
    const NodesModel *nodes = m_feed->nodes();
    QList<QJsonObject> records;
    records.reserve(nodes->rowCount());
    for (int row = 0; row < nodes->rowCount(); ++row)
        records.append(nodes->record(row));
    return records;
}

DashboardModel::Sample DashboardModel::compute(const QList<QJsonObject> &nodes,
                                               const QList<QJsonObject> &jobs, const QDateTime &now)
{
    Sample sample;
    sample.now = now;
    DashboardTiles &t = sample.tiles;
    const qint64 hourAgo = now.toMSecsSinceEpoch() - 3600 * 1000;
    const qint64 dayAgoMs = now.toMSecsSinceEpoch() - 24 * 3600 * 1000;
    std::vector<double> queueTimes;
    int succeeded = 0, unsuccessful = 0;
    struct Span
    {
        qint64 submitted, started, finished;
    };
    std::vector<Span> spans;
    spans.reserve(size_t(jobs.size()));
    for (const QJsonObject &job : jobs) {
        spans.push_back({FleetFormat::parseMsecs(job.value(QLatin1String("submitted_at"))),
                         FleetFormat::parseMsecs(job.value(QLatin1String("started_at"))),
                         FleetFormat::parseMsecs(job.value(QLatin1String("finished_at")))});
        const QString status = job.value(QLatin1String("status")).toString();
        if (status == QLatin1String("pending")) {
            ++t.pending;
        } else if (status == QLatin1String("running")) {
            ++t.running;
        }
        const QJsonValue queue = job.value(QLatin1String("queue_seconds"));
        if (queue.isDouble()) {
            const qint64 started = spans.back().started;
            if (started >= hourAgo)
                queueTimes.push_back(queue.toDouble());
            // For the queue-time series: the last day is the longest range.
            if (started > dayAgoMs)
                sample.starts.emplace_back(started, queue.toDouble());
        }
        if (status == QLatin1String("dead") && spans.back().finished >= hourAgo) {
            const QString outcome = job.value(QLatin1String("outcome")).toString();
            // A canceled job says nothing about the fleet's health.
            if (outcome == QLatin1String("success"))
                ++succeeded;
            else if (outcome == QLatin1String("failed") || outcome == QLatin1String("lost"))
                ++unsuccessful;
        }
    }
    std::sort(sample.starts.begin(), sample.starts.end());
    // Pending from submission to start (or to the end, for a job canceled while queued),
    // running from start to finish: counted at each bucket's end with difference arrays.
    constexpr qint64 kNever = std::numeric_limits<qint64>::max() / 2;
    const qint64 nowMs = now.toMSecsSinceEpoch();
    for (size_t r = 0; r < sample.history.size(); ++r) {
        const qint64 bucket = kBucketMs[r];
        const qint64 first = nowMs / bucket - kPoints + 1, last = nowMs / bucket; // [first, last)
        std::vector<int> pending(size_t(last - first + 1), 0), running(pending.size(), 0);
        const auto count = [&](std::vector<int> &diff, qint64 from, qint64 to) {
            const qint64 b0 = std::max(first, from / bucket);
            const qint64 b1 = std::min(last, to / bucket);
            if (from < 0 || b0 >= b1)
                return;
            ++diff[size_t(b0 - first)];
            --diff[size_t(b1 - first)];
        };
        for (const Span &j : spans) {
            const qint64 pendingUntil = j.started >= 0    ? j.started
                                        : j.finished >= 0 ? j.finished
                                                          : kNever;
            count(pending, j.submitted, pendingUntil);
            if (j.started >= 0)
                count(running, j.started, j.finished >= 0 ? j.finished : kNever);
        }
        int p = 0, q = 0;
        for (qint64 b = first; b < last; ++b) {
            p += pending[size_t(b - first)];
            q += running[size_t(b - first)];
            sample.history[r].push_back({(b + 1) * bucket - 1, {p, q}});
        }
    }
    if (!queueTimes.empty())
        t.medianQueueSeconds = medianAndP95(queueTimes).first;
    t.queued = int(QueueDiagnosis::waitingForCapacity(jobs, &t.onHold, &t.upstream).size());
    t.finishedLastHour = succeeded + unsuccessful;
    if (t.finishedLastHour > 0)
        t.successRate = double(succeeded) / t.finishedLastHour;

    for (const QJsonObject &node : nodes) {
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
        sample.busiest.append({name.isEmpty() ? node.value(QLatin1String("id")).toString() : name,
                               NodesModel::runningAllocs(node)});
    }
    std::stable_sort(sample.busiest.begin(), sample.busiest.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    sample.findings = QueueDiagnosis::diagnose(nodes, jobs, now);
    return sample;
}

void DashboardModel::apply(const Sample &sample)
{
    m_tiles = sample.tiles;
    m_busiest = sample.busiest;
    m_findings = sample.findings;
    // While disconnected the series would only repeat stale numbers: they pause instead.
    if (!m_feed->isReadOnly()) {
        const qint64 ms = sample.now.toMSecsSinceEpoch();
        for (size_t r = 0; r < m_pending.size(); ++r) {
            if (m_pending[r].size() == 0) {
                for (const auto &[t, counts] : sample.history[r]) {
                    m_pending[r].add(t, counts.first);
                    m_running[r].add(t, counts.second);
                }
            }
            m_pending[r].add(ms, sample.tiles.pending);
            m_running[r].add(ms, sample.tiles.running);
        }
        addQueuePoints(sample.starts, ms);
    }
    Q_EMIT changed();
}

QList<std::pair<QString, int>> DashboardModel::busiestNodes(int limit) const
{
    return m_busiest.mid(0, limit);
}

} // namespace gantry
