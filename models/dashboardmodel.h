// What the dashboard shows, computed from the live fleet once per sample: the tiles (queued,
// running, nodes ready/draining/down, median queue time and success rate over the last hour),
// fixed-size series of pending and running jobs and of queue time (median and p95 of the jobs that
// started in the last minute, or in the bucket when buckets are longer) for 15 min / 1 h / 24 h,
// allocations per node, and the queue diagnosis.
#pragma once

#include "queuediagnosis.h"
#include "ringseries.h"

#include <QJsonObject>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <array>
#include <optional>
#include <vector>

namespace gantry {

class FleetFeed;

struct DashboardTiles final
{
    int queued = 0;   // waiting for a node (QueueDiagnosis::waitingForCapacity)
    int pending = 0;  // every pending job, as Nomad's jobs.pending counts them
    int onHold = 0;   // approval jobs waiting
    int upstream = 0; // waiting for a required job
    int running = 0;
    int nodesReady = 0; // ready, eligible, not draining
    int nodesDraining = 0;
    int nodesDown = 0; // down or initializing
    int nodesIneligible = 0;
    std::optional<double> medianQueueSeconds; // of jobs started in the last hour
    std::optional<double> successRate;        // 0..1, of jobs finished in the last hour
    int finishedLastHour = 0;
};

class DashboardModel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardModel)
public:
    enum class Range { Minutes15, Hour1, Hours24 };
    Q_ENUM(Range)
    static constexpr int kPoints = 180; // per series and range

    explicit DashboardModel(FleetFeed *feed, QObject *parent = nullptr);

    ~DashboardModel() override;

    // Computes everything for `now`, here and now (tests; the first list).
    void sample(const QDateTime &now = QDateTime::currentDateTimeUtc());
    // The same on a worker thread, applied when done; what the once-a-second timer uses, so the
    // console stays fluid with 50,000 jobs (reading them all takes far longer than a frame).
    void sampleInBackground(const QDateTime &now = QDateTime::currentDateTimeUtc());
    bool isComputing() const { return m_computing; }

    const DashboardTiles &tiles() const { return m_tiles; }
    const RingSeries &pending(Range range) const { return m_pending[size_t(range)]; }
    const RingSeries &running(Range range) const { return m_running[size_t(range)]; }
    // Seconds from submission to start, of the jobs that started in each point's window.
    const RingSeries &queueMedian(Range range) const { return m_queueMedian[size_t(range)]; }
    const RingSeries &queueP95(Range range) const { return m_queueP95[size_t(range)]; }
    // The window each queue-time point summarizes: a minute, or the bucket when longer.
    static qint64 queueWindowMs(Range range);
    // Running allocations of the busiest nodes (name, count), busiest first, at most `limit`.
    QList<std::pair<QString, int>> busiestNodes(int limit = 12) const;
    const QList<QueueFinding> &diagnosis() const { return m_findings; }
    FleetFeed *feed() const { return m_feed; }
    static QString rangeLabel(Range range);

Q_SIGNALS:
    void changed();

private:
    // Started jobs as (start ms since the epoch, queue seconds), oldest start first.
    using Starts = std::vector<std::pair<qint64, double>>;
    struct Sample
    {
        QDateTime now;
        DashboardTiles tiles;
        Starts starts;
        QList<std::pair<QString, int>> busiest;
        QList<QueueFinding> findings;
        // Per range, pending and running at the end of each earlier bucket, from the jobs' own
        // times: a console opened on a busy fleet shows its recent past at once.
        std::array<std::vector<std::pair<qint64, std::pair<int, int>>>, 3> history;
    };
    QList<QJsonObject> gatherNodes() const;
    // Pure: reads only its arguments, so it may run on any thread.
    static Sample compute(const QList<QJsonObject> &nodes, const QList<QJsonObject> &jobs,
                          const QDateTime &now);
    void apply(const Sample &sample);
    void addQueuePoints(const Starts &starts, qint64 nowMs);

    FleetFeed *m_feed;
    QTimer m_timer;
    QDateTime m_lastSample;
    bool m_dirty = true;
    bool m_computing = false;
    QThreadPool m_pool; // one thread: samples never overtake each other
    DashboardTiles m_tiles;
    std::array<RingSeries, 3> m_pending;
    std::array<RingSeries, 3> m_running;
    std::array<RingSeries, 3> m_queueMedian;
    std::array<RingSeries, 3> m_queueP95;
    QList<std::pair<QString, int>> m_busiest;
    QList<QueueFinding> m_findings;
};

} // namespace gantry
