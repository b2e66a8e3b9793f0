// What the dashboard shows, computed from the live fleet once per sample: the tiles (queued,
// running, nodes ready/draining/down, median queue time and success rate over the last hour),
// fixed-size series of pending and running jobs for 15 min / 1 h / 24 h, allocations per node,
// and the queue diagnosis.
#pragma once

#include "queuediagnosis.h"
#include "ringseries.h"

#include <QObject>
#include <QTimer>
#include <array>
#include <optional>

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

    // Computes everything for `now` (the timer calls it with the current time).
    void sample(const QDateTime &now = QDateTime::currentDateTimeUtc());

    const DashboardTiles &tiles() const { return m_tiles; }
    const RingSeries &pending(Range range) const { return m_pending[size_t(range)]; }
    const RingSeries &running(Range range) const { return m_running[size_t(range)]; }
    // Running allocations of the busiest nodes (name, count), busiest first, at most `limit`.
    QList<std::pair<QString, int>> busiestNodes(int limit = 12) const;
    const QList<QueueFinding> &diagnosis() const { return m_findings; }
    FleetFeed *feed() const { return m_feed; }
    static QString rangeLabel(Range range);

Q_SIGNALS:
    void changed();

private:
    FleetFeed *m_feed;
    QTimer m_timer;
    QDateTime m_lastSample;
    bool m_dirty = true;
    DashboardTiles m_tiles;
    std::array<RingSeries, 3> m_pending;
    std::array<RingSeries, 3> m_running;
    QList<std::pair<QString, int>> m_busiest;
    QList<QueueFinding> m_findings;
};

} // namespace gantry
