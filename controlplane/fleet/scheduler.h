// Placement for the local fleet, as pure logic: the job queue (priority, then submit order),
// bin-packing on CPU and memory, drains with deadlines, eligibility, approval holds and `requires`
// between the jobs of a workflow run. No processes and no timers: the caller (LocalFleet) starts
// and stops processes, reports what they did, and calls expireDrainDeadlines() when
// nextDrainDeadline() comes.
#pragma once

#include "allocation.h"
#include "capacityindex.h"
#include "job.h"
#include "node.h"
#include "resourceclass.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace gantry {

struct JobSubmission final
{
    QString name; // the job's key in config.yml
    QString resourceClass = ResourceClass::defaultName();
    int parallelism = 1;
    QStringList requiredJobs; // names of other jobs of the same submission
    bool approval = false;    // a `type: approval` job: no allocations, held until approved
};

struct WorkflowSubmission final
{
    QString workflow;
    QString workflowRunId; // empty: a new UUID
    int priority = 50;
    QList<JobSubmission> jobs;
};

struct SchedulerError final
{
    enum class Kind { NotFound, Invalid, Conflict }; // 404, 400, 409
    Kind kind = Kind::Invalid;
    QString message;
};

struct SchedulerResult final
{
    std::optional<SchedulerError> error;
    QString workflowRunId;       // submit
    QStringList jobIds;          // submit: one per JobSubmission, in the same order
    QStringList stopAllocations; // processes to stop now (their allocations are already terminal)

    bool ok() const { return !error; }
};

struct Placement final
{
    QString allocationId;
    QString jobId;
    QString nodeId;
};

struct SchedulerChanges final
{
    QStringList nodes;
    QStringList jobs;
    QStringList allocations;
    bool isEmpty() const { return nodes.isEmpty() && jobs.isEmpty() && allocations.isEmpty(); }
};

class Scheduler final
{
    Q_DECLARE_TR_FUNCTIONS(Scheduler)

public:
    using Clock = std::function<QDateTime()>;

    Scheduler();
    void setClock(Clock clock) { m_clock = std::move(clock); }

    // Nodes. A node is schedulable while ready, eligible and not draining.
    SchedulerResult addNode(const Node &node);
    SchedulerResult removeNode(const QString &nodeId); // only when drained or ineligible, and empty
    // deadlineSeconds as the API: > 0 stop what still runs after that long, 0 no deadline,
    // < 0 force (stop now). Running allocations that are stopped end lost. Draining again
    // replaces the deadline. The node stays drain=true and ineligible until undrainNode().
    SchedulerResult drainNode(const QString &nodeId, qint64 deadlineSeconds);
    SchedulerResult undrainNode(const QString &nodeId, bool markEligible = true);
    SchedulerResult setEligibility(const QString &nodeId, NodeEligibility eligibility);
    SchedulerResult setNodeStatus(const QString &nodeId, NodeStatus status); // down: allocs lost

    std::optional<QDateTime> nextDrainDeadline() const;
    SchedulerResult expireDrainDeadlines(); // stops (lost) what runs on nodes past their deadline

    // Jobs. Rejected as a whole (Invalid) when a job can never fit any node, a `requires` names no
    // job of the submission, or the requirements form a cycle.
    SchedulerResult submit(const WorkflowSubmission &submission);
    SchedulerResult approve(const QString &jobId);
    SchedulerResult cancelJob(const QString &jobId, const QString &reason = {});

    // Places queued allocations, best fit first, until none fits or `limit` are placed (< 0: no
    // limit). A placed allocation is pending on its node until allocationStarted().
    QList<Placement> schedule(int limit = -1);
    SchedulerResult allocationStarted(const QString &allocationId);
    // Reporting an allocation that is already terminal (stopped by cancel or drain) is a no-op.
    SchedulerResult allocationFinished(const QString &allocationId, ClientStatus status,
                                       std::optional<int> exitCode,
                                       const QString &description = {});

    // Loads history from the store after the nodes were added: allocations that were placed or
    // running come back lost (not rescheduled), queued ones are queued again, and every job's
    // state is brought in line with its allocations and requirements.
    SchedulerResult restore(const QList<Job> &jobs, const QList<Allocation> &allocations);

    // Retention: drops these jobs with their allocations and everything indexed by them, but only
    // jobs that are dead with every allocation terminal; pending, running and unknown ids are left
    // alone. Returns the ids dropped. One pass over all jobs and allocations however many go, so
    // pass them in one batch. Changes not yet taken for a dropped job or allocation are dropped.
    QStringList forget(const QStringList &jobIds);

    // Why a job of this class can never be placed on any node (ineligible nodes count: they may
    // come back), or nullopt. The hook for CircleConfigParser::setFitCheck.
    std::optional<QString> neverFitsReason(const ResourceClass &resourceClass) const;

    // Reads.
    std::optional<Node> node(const QString &nodeId) const;
    QList<Node> nodes() const;
    // CPU and memory taken by the node's placed and running allocations.
    std::optional<NodeResources> nodeAllocated(const QString &nodeId) const;
    std::optional<Job> job(const QString &jobId) const;
    QList<Job> jobs() const; // in submit order
    std::optional<Allocation> allocation(const QString &allocationId) const;
    QList<Allocation> jobAllocations(const QString &jobId) const;
    QList<Allocation> nodeAllocations(const QString &nodeId) const; // all, terminal included
    int queuedAllocations() const { return int(m_queue.size()); }
    int jobCount(JobStatus status) const;
    // Ids of the nodes, jobs and allocations changed since the last call.
    SchedulerChanges takeChanges();

private:
    struct NodeSlot
    {
        Node node;
        int freeCpu = 0;
        int freeMemoryMb = 0;
        bool indexed = false;
        bool removed = false;
        QSet<int> active; // allocations placed here and not terminal
    };
    struct JobSlot
    {
        Job job;
        quint64 seq = 0;
        int cpu = 0;
        int memoryMb = 0;
        std::vector<int> allocs;
        QList<int> dependents;
        int unmetRequires = 0;
        QDateTime runnableAt;
        bool cancelRequested = false;
    };
    struct AllocSlot
    {
        Allocation alloc;
        int job = -1;
        int node = -1;
    };
    using QueueKey = std::tuple<int, quint64, int, int>; // -priority, job seq, index, alloc

    QDateTime now() const { return m_clock(); }
    static SchedulerError notFound(const QString &what, const QString &id);
    NodeSlot *findNode(const QString &id, SchedulerResult &result);
    bool schedulable(const NodeSlot &slot) const;
    void reindex(int n);
    void unindex(int n);
    QueueKey queueKey(int a) const;
    void makeRunnable(int j);
    void holdOrRun(int j);
    void terminate(int a, ClientStatus status, std::optional<int> exitCode,
                   const QString &description, SchedulerResult *stops);
    void stopNodeAllocations(int n, const QString &description, SchedulerResult &result);
    void finishJob(int j, JobOutcome outcome, const QString &description);
    void checkJobDone(int j);
    void requirementEnded(int j, const JobSlot &required);
    void rejectUnplaceable(SchedulerResult &result);
    int newAllocation(int j, int index);
    bool forgettable(int j) const;

    Clock m_clock;
    std::vector<NodeSlot> m_nodes;
    QHash<QString, int> m_nodeIndex;
    std::vector<JobSlot> m_jobs;
    QHash<QString, int> m_jobIndex;
    QHash<QString, QHash<QString, int>> m_runs; // workflow run id → job name → job
    std::vector<AllocSlot> m_allocs;
    QHash<QString, int> m_allocIndex;
    std::set<QueueKey> m_queue;
    QHash<quint64, int> m_queuedShapes; // (cpu << 32 | memory) → queued allocations of that shape
    CapacityIndex m_capacity;
    mutable QHash<QString, std::optional<QString>> m_fitCache;
    quint64 m_nextSeq = 1;
    QSet<int> m_changedNodes;
    QSet<int> m_changedJobs;
    QSet<int> m_changedAllocs;
};

} // namespace gantry
