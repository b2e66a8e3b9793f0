// The embedded fleet: N local nodes, the Scheduler's placement, and an AllocationRunner per placed
// allocation, glued with timers (drain deadlines) and change signals for the API and the events.
#pragma once

#include "allocationrunner.h"
#include "circleconfigparser.h"
#include "fleetspec.h"
#include "scheduler.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <optional>

namespace gantry {

struct FleetSubmitResult final
{
    QList<ConfigError> configErrors;     // config.yml problems, each with line and column
    std::optional<SchedulerError> error; // anything else (unknown workflow, never fits, ...)
    QString workflowRunId;
    QStringList jobIds;
    bool ok() const { return configErrors.isEmpty() && !error; }
    QString errorText() const;
};

class LocalFleet final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalFleet)

public:
    // A new fleet: the spec's nodes, with ids from a new fleet id.
    LocalFleet(QString dataDir, const FleetSpec &spec, QObject *parent = nullptr);
    // The fleet of an earlier run: the nodes of `plan` (FleetSpec::plan() over the stored ones).
    LocalFleet(QString dataDir, const FleetSpec &spec, const FleetNodePlan &plan,
               QObject *parent = nullptr);
    ~LocalFleet() override; // kills every step still running

    void setKillGraceMs(int ms) { m_killGraceMs = ms; }

    // Parses config.yml (errors name line and column), picks the workflow (empty: the only one)
    // and submits all its jobs as one workflow run. checkoutDir is what `checkout` copies.
    FleetSubmitResult submitConfig(const QByteArray &yaml, const QString &workflow = {},
                                   const QString &checkoutDir = {}, int priority = 50);
    SchedulerResult cancelJob(const QString &jobId);
    SchedulerResult approveJob(const QString &jobId);
    // As the API: deadlineSeconds > 0 deadline, 0 none, < 0 force.
    SchedulerResult drainNode(const QString &nodeId, qint64 deadlineSeconds);
    SchedulerResult undrainNode(const QString &nodeId, bool markEligible = true);
    SchedulerResult setEligibility(const QString &nodeId, NodeEligibility eligibility);
    // One more node of the fleet's shape, with the next stable id; none when the fleet has
    // numbered FleetSpec::kMaxNodes nodes (removed ones keep their numbers), with why.
    std::optional<Node> addNode(QString *why = nullptr);
    SchedulerResult removeNode(const QString &nodeId);
    // gantryd's SIGTERM: stops every running step; their allocations end lost.
    void stopAll();

    // A workflow run as it was submitted: enough to run its jobs again after a restart.
    struct StoredRun
    {
        QString id;
        QString workflow;
        QString checkoutDir;
        int priority = 50;
        QByteArray config; // the config.yml text
    };
    // Brings back persisted history: allocations that were running come back lost, waiting jobs
    // wait again. Returns the problems found (a stored config that no longer parses, ...).
    QStringList restore(const QList<StoredRun> &runs, const QList<Job> &jobs,
                        const QList<Allocation> &allocations);

    // Retention: drops finished jobs from memory (the scheduler and what to run). A job that is
    // not dead, or whose processes are still being stopped, stays. Returns the ids dropped.
    QStringList forgetJobs(const QStringList &jobIds);

    const Scheduler &scheduler() const { return m_scheduler; }
    QString allocationDirectory(const QString &allocationId) const;
    QString logPath(const QString &allocationId, bool stderrLog) const;
    int runningProcesses() const { return int(m_runners.size()); }

signals:
    // Coalesced: emitted once per batch of operations, after the scheduler has settled.
    void changed(const gantry::SchedulerChanges &changes);
    // A workflow run was accepted: what to persist so that it can be restored.
    void submitted(const gantry::LocalFleet::StoredRun &run);
    // forgetJobs() dropped these jobs: whatever is kept per job goes too.
    void jobsForgotten(const QStringList &jobIds);

private:
    struct JobRun
    {
        JobSpec spec;
        QString workflowName;
        QString checkoutDir;
    };

    SchedulerResult settle(SchedulerResult result);
    void requestSettle();
    void settleNow();
    void startRunner(const Placement &placement);
    void stopRunners(const QStringList &allocationIds, const QString &reason);
    void armDeadlineTimer();

    QString m_dataDir;
    FleetSpec m_spec;
    QString m_fleetId;
    Scheduler m_scheduler;
    QHash<QString, JobRun> m_jobRuns; // job id → what to run
    QHash<QString, AllocationRunner *> m_runners;
    QTimer m_settleTimer;
    QTimer m_deadlineTimer;
    int m_nextNodeIndex = 0;
    int m_killGraceMs = 5000;
};

} // namespace gantry

Q_DECLARE_METATYPE(gantry::SchedulerChanges)
Q_DECLARE_METATYPE(gantry::LocalFleet::StoredRun)
