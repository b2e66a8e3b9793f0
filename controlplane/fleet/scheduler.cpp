#include "scheduler.h"

#include <QUuid>
#include <algorithm>

namespace gantry {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

quint64 shapeKey(int cpu, int memoryMb)
{
    return (quint64(quint32(cpu)) << 32) | quint32(memoryMb);
}

} // namespace

Scheduler::Scheduler()
    : m_clock([] { return QDateTime::currentDateTimeUtc(); })
{}

SchedulerError Scheduler::notFound(const QString &what, const QString &id)
{
    return {SchedulerError::Kind::NotFound, tr("no %1 with id '%2'").arg(what, id)};
}

Scheduler::NodeSlot *Scheduler::findNode(const QString &id, SchedulerResult &result)
{
    const auto it = m_nodeIndex.constFind(id);
    if (it == m_nodeIndex.constEnd()) {
        result.error = notFound(tr("node"), id);
        return nullptr;
    }
    return &m_nodes[*it];
}

bool Scheduler::schedulable(const NodeSlot &slot) const
{
    return !slot.removed && !slot.node.drain &&
           slot.node.eligibility == NodeEligibility::Eligible &&
           slot.node.status == NodeStatus::Ready;
}

void Scheduler::unindex(int n)
{
    NodeSlot &slot = m_nodes[n];
    if (slot.indexed)
        m_capacity.erase(n, slot.freeCpu, slot.freeMemoryMb);
    slot.indexed = false;
}

void Scheduler::reindex(int n)
{
    unindex(n);
    NodeSlot &slot = m_nodes[n];
    if (schedulable(slot)) {
        m_capacity.insert(n, slot.freeCpu, slot.freeMemoryMb);
        slot.indexed = true;
    }
    m_changedNodes.insert(n);
}

Scheduler::QueueKey Scheduler::queueKey(int a) const
{
    const AllocSlot &s = m_allocs[a];
    const JobSlot &j = m_jobs[s.job];
    return {-j.job.priority, j.seq, s.alloc.index, a};
}

// ---- nodes -------------------------------------------------------------------------------------

SchedulerResult Scheduler::addNode(const Node &node)
{
    SchedulerResult result;
    if (node.id.isEmpty() || m_nodeIndex.contains(node.id)) {
        result.error = {SchedulerError::Kind::Conflict,
                        tr("a node with id '%1' already exists").arg(node.id)};
        return result;
    }
    NodeSlot slot;
    slot.node = node;
    slot.node.runningAllocs = 0;
    slot.freeCpu = node.allocatable().cpu;
    slot.freeMemoryMb = node.allocatable().memoryMb;
    m_nodes.push_back(std::move(slot));
    const int n = int(m_nodes.size()) - 1;
    m_nodeIndex.insert(node.id, n);
    m_fitCache.clear();
    reindex(n);
    return result;
}

SchedulerResult Scheduler::removeNode(const QString &nodeId)
{
    SchedulerResult result;
    NodeSlot *slot = findNode(nodeId, result);
    if (!slot)
        return result;
    if (!slot->node.drain && slot->node.eligibility == NodeEligibility::Eligible) {
        result.error = {
            SchedulerError::Kind::Conflict,
            tr("node %1 still takes work: drain it before removing it").arg(slot->node.name)};
        return result;
    }
    if (!slot->active.isEmpty()) {
        result.error = {SchedulerError::Kind::Conflict,
                        tr("node %1 still has %2 allocations: wait for them or drain with a "
                           "deadline")
                            .arg(slot->node.name)
                            .arg(slot->active.size())};
        return result;
    }
    const int n = m_nodeIndex.take(nodeId);
    unindex(n);
    m_nodes[n].removed = true;
    m_changedNodes.insert(n);
    m_fitCache.clear();
    rejectUnplaceable(result);
    return result;
}

SchedulerResult Scheduler::drainNode(const QString &nodeId, qint64 deadlineSeconds)
{
    SchedulerResult result;
    NodeSlot *slot = findNode(nodeId, result);
    if (!slot)
        return result;
    const int n = m_nodeIndex.value(nodeId);
    slot->node.drain = true;
    slot->node.eligibility = NodeEligibility::Ineligible;
    slot->node.drainDeadline = deadlineSeconds > 0 ? now().addSecs(deadlineSeconds) : QDateTime();
    reindex(n);
    if (deadlineSeconds < 0)
        stopNodeAllocations(n, tr("stopped by a forced drain of node %1").arg(slot->node.name),
                            result);
    return result;
}

SchedulerResult Scheduler::undrainNode(const QString &nodeId, bool markEligible)
{
    SchedulerResult result;
    NodeSlot *slot = findNode(nodeId, result);
    if (!slot)
        return result;
    slot->node.drain = false;
    slot->node.drainDeadline = QDateTime();
    if (markEligible)
        slot->node.eligibility = NodeEligibility::Eligible;
    reindex(m_nodeIndex.value(nodeId));
    return result;
}

SchedulerResult Scheduler::setEligibility(const QString &nodeId, NodeEligibility eligibility)
{
    SchedulerResult result;
    NodeSlot *slot = findNode(nodeId, result);
    if (!slot)
        return result;
    if (eligibility == NodeEligibility::Eligible && slot->node.drain) {
        result.error = {SchedulerError::Kind::Conflict,
                        tr("can not set node's scheduling eligibility to eligible while it is "
                           "draining")};
        return result;
    }
    slot->node.eligibility = eligibility;
    reindex(m_nodeIndex.value(nodeId));
    return result;
}

SchedulerResult Scheduler::setNodeStatus(const QString &nodeId, NodeStatus status)
{
    SchedulerResult result;
    NodeSlot *slot = findNode(nodeId, result);
    if (!slot)
        return result;
    const int n = m_nodeIndex.value(nodeId);
    slot->node.status = status;
    reindex(n);
    if (status == NodeStatus::Down)
        stopNodeAllocations(n, tr("node %1 went down").arg(slot->node.name), result);
    return result;
}

std::optional<QDateTime> Scheduler::nextDrainDeadline() const
{
    std::optional<QDateTime> next;
    for (const NodeSlot &slot : m_nodes) {
        if (slot.removed || !slot.node.drain || !slot.node.drainDeadline.isValid())
            continue;
        if (!next || slot.node.drainDeadline < *next)
            next = slot.node.drainDeadline;
    }
    return next;
}

SchedulerResult Scheduler::expireDrainDeadlines()
{
    SchedulerResult result;
    const QDateTime t = now();
    for (int n = 0; n < int(m_nodes.size()); ++n) {
        NodeSlot &slot = m_nodes[n];
        if (slot.removed || !slot.node.drain || !slot.node.drainDeadline.isValid() ||
            slot.node.drainDeadline > t)
            continue;
        slot.node.drainDeadline = QDateTime();
        m_changedNodes.insert(n);
        stopNodeAllocations(n, tr("stopped at the drain deadline of node %1").arg(slot.node.name),
                            result);
    }
    return result;
}

void Scheduler::stopNodeAllocations(int n, const QString &description, SchedulerResult &result)
{
    QList<int> active = m_nodes[n].active.values();
    std::sort(active.begin(), active.end());
    for (int a : active)
        terminate(a, ClientStatus::Lost, std::nullopt, description, &result);
}

// ---- jobs --------------------------------------------------------------------------------------

std::optional<QString> Scheduler::neverFitsReason(const ResourceClass &rc) const
{
    const auto cached = m_fitCache.constFind(rc.name);
    if (cached != m_fitCache.constEnd())
        return *cached;
    std::optional<QString> reason;
    int maxCpu = -1;
    int maxMemory = -1;
    bool fits = false;
    for (const NodeSlot &slot : m_nodes) {
        if (slot.removed)
            continue;
        const NodeResources a = slot.node.allocatable();
        if (a.cpu >= rc.cpu && a.memoryMb >= rc.memoryMb) {
            fits = true;
            break;
        }
        maxCpu = std::max(maxCpu, a.cpu);
        maxMemory = std::max(maxMemory, a.memoryMb);
    }
    if (!fits && maxCpu < 0)
        reason = tr("the fleet has no nodes");
    else if (!fits)
        reason = tr("resource class %1 needs %2 CPUs and %3 MB, but the largest node offers %4 "
                    "CPUs and %5 MB after its reservation")
                     .arg(rc.name)
                     .arg(rc.cpu)
                     .arg(rc.memoryMb)
                     .arg(maxCpu)
                     .arg(maxMemory);
    m_fitCache.insert(rc.name, reason);
    return reason;
}

SchedulerResult Scheduler::submit(const WorkflowSubmission &submission)
{
    SchedulerResult result;
    auto invalid = [&](const QString &message) {
        result.error = {SchedulerError::Kind::Invalid, message};
        return result;
    };
    if (submission.jobs.isEmpty())
        return invalid(tr("workflow '%1' has no jobs").arg(submission.workflow));
    QHash<QString, int> position;
    for (int i = 0; i < submission.jobs.size(); ++i) {
        const JobSubmission &js = submission.jobs[i];
        if (position.contains(js.name))
            return invalid(tr("job '%1' appears twice").arg(js.name));
        position.insert(js.name, i);
        if (js.approval)
            continue;
        const auto rc = ResourceClass::find(js.resourceClass);
        if (!rc)
            return invalid(tr("job '%1': unknown resource class '%2' (valid: %3)")
                               .arg(js.name, js.resourceClass,
                                    ResourceClass::names().join(QStringLiteral(", "))));
        if (js.parallelism < 1)
            return invalid(tr("job '%1': parallelism must be at least 1").arg(js.name));
        if (const auto reason = neverFitsReason(*rc))
            return invalid(tr("job '%1' can never run: %2").arg(js.name, *reason));
    }
    // Kahn's algorithm: whatever is left once no job is free of requirements lies on a cycle.
    QList<int> unmet(submission.jobs.size(), 0);
    QList<QList<int>> dependents(submission.jobs.size());
    for (int i = 0; i < submission.jobs.size(); ++i) {
        for (const QString &r : submission.jobs[i].requiredJobs) {
            if (!position.contains(r) || r == submission.jobs[i].name)
                return invalid(tr("job '%1' requires '%2', which is not another job of workflow "
                                  "'%3'")
                                   .arg(submission.jobs[i].name, r, submission.workflow));
            dependents[position.value(r)].append(i);
            ++unmet[i];
        }
    }
    QList<int> ready;
    QList<int> left = unmet;
    for (int i = 0; i < left.size(); ++i) {
        if (left[i] == 0)
            ready.append(i);
    }
    int done = 0;
    while (!ready.isEmpty()) {
        const int i = ready.takeLast();
        ++done;
        for (int d : dependents[i]) {
            if (--left[d] == 0)
                ready.append(d);
        }
    }
    if (done != submission.jobs.size()) {
        QStringList cycle;
        for (int i = 0; i < left.size(); ++i) {
            if (left[i] > 0)
                cycle.append(submission.jobs[i].name);
        }
        return invalid(tr("the requirements of workflow '%1' form a cycle among: %2")
                           .arg(submission.workflow, cycle.join(QStringLiteral(", "))));
    }
    const QString runId = submission.workflowRunId.isEmpty() ? newId() : submission.workflowRunId;
    if (m_runs.contains(runId)) {
        result.error = {SchedulerError::Kind::Conflict,
                        tr("workflow run %1 was already submitted").arg(runId)};
        return result;
    }

    const QDateTime t = now();
    const int base = int(m_jobs.size());
    QHash<QString, int> &run = m_runs[runId];
    for (const JobSubmission &js : submission.jobs) {
        JobSlot slot;
        Job &job = slot.job;
        job.id = newId();
        job.name = js.name;
        job.workflow = submission.workflow;
        job.workflowRunId = runId;
        job.type = js.approval ? QStringLiteral("approval") : QStringLiteral("batch");
        job.priority = submission.priority;
        job.resourceClass = js.approval ? QString() : js.resourceClass;
        job.parallelism = js.approval ? 0 : js.parallelism;
        job.requiredJobs = js.requiredJobs;
        job.submittedAt = t;
        if (!js.approval) {
            const ResourceClass rc = *ResourceClass::find(js.resourceClass);
            slot.cpu = rc.cpu;
            slot.memoryMb = rc.memoryMb;
        }
        slot.seq = m_nextSeq++;
        m_jobs.push_back(std::move(slot));
        const int j = int(m_jobs.size()) - 1;
        m_jobIndex.insert(m_jobs[j].job.id, j);
        run.insert(js.name, j);
        m_changedJobs.insert(j);
        result.jobIds.append(m_jobs[j].job.id);
    }
    for (int i = 0; i < submission.jobs.size(); ++i) {
        m_jobs[base + i].unmetRequires = unmet[i];
        for (int d : dependents[i])
            m_jobs[base + i].dependents.append(base + d);
    }
    for (int i = 0; i < submission.jobs.size(); ++i) {
        JobSlot &slot = m_jobs[base + i];
        if (slot.unmetRequires == 0)
            holdOrRun(base + i);
        else
            slot.job.statusDescription =
                tr("waiting for %1").arg(slot.job.requiredJobs.join(QStringLiteral(", ")));
    }
    result.workflowRunId = runId;
    return result;
}

void Scheduler::holdOrRun(int j)
{
    JobSlot &slot = m_jobs[j];
    m_changedJobs.insert(j);
    if (slot.job.type == QLatin1String("approval")) {
        slot.job.onHold = true;
        slot.job.statusDescription = tr("waiting for approval");
        return;
    }
    makeRunnable(j);
}

int Scheduler::newAllocation(int j, int index)
{
    AllocSlot s;
    s.alloc.id = newId();
    s.alloc.jobId = m_jobs[j].job.id;
    s.alloc.index = index;
    s.alloc.createdAt = now();
    s.job = j;
    m_allocs.push_back(std::move(s));
    const int a = int(m_allocs.size()) - 1;
    m_allocIndex.insert(m_allocs[a].alloc.id, a);
    m_jobs[j].allocs.push_back(a);
    m_changedAllocs.insert(a);
    return a;
}

void Scheduler::makeRunnable(int j)
{
    JobSlot &slot = m_jobs[j];
    slot.runnableAt = now();
    slot.job.statusDescription.clear();
    m_changedJobs.insert(j);
    for (int i = 0; i < slot.job.parallelism; ++i) {
        const int a = newAllocation(j, i);
        m_queue.insert(queueKey(a));
        ++m_queuedShapes[shapeKey(m_jobs[j].cpu, m_jobs[j].memoryMb)];
    }
}

SchedulerResult Scheduler::approve(const QString &jobId)
{
    SchedulerResult result;
    const int j = m_jobIndex.value(jobId, -1);
    if (j < 0) {
        result.error = notFound(tr("job"), jobId);
        return result;
    }
    JobSlot &slot = m_jobs[j];
    if (slot.job.type != QLatin1String("approval")) {
        result.error = {SchedulerError::Kind::Invalid,
                        tr("job '%1' is not an approval job").arg(slot.job.name)};
    } else if (slot.job.status == JobStatus::Dead) {
        result.error = {SchedulerError::Kind::Conflict,
                        tr("job '%1' has already ended (%2)")
                            .arg(slot.job.name, toApiString(*slot.job.outcome))};
    } else if (!slot.job.onHold) {
        result.error = {SchedulerError::Kind::Conflict,
                        tr("job '%1' is not waiting for approval yet: %2")
                            .arg(slot.job.name, slot.job.statusDescription)};
    } else {
        slot.job.startedAt = now();
        slot.job.queueSeconds = slot.job.submittedAt.msecsTo(slot.job.startedAt) / 1000.0;
        finishJob(j, JobOutcome::Success, tr("approved"));
    }
    return result;
}

SchedulerResult Scheduler::cancelJob(const QString &jobId, const QString &reason)
{
    SchedulerResult result;
    const int j = m_jobIndex.value(jobId, -1);
    if (j < 0) {
        result.error = notFound(tr("job"), jobId);
        return result;
    }
    JobSlot &slot = m_jobs[j];
    if (slot.job.status == JobStatus::Dead) {
        result.error = {SchedulerError::Kind::Conflict,
                        tr("job '%1' has already ended (%2)")
                            .arg(slot.job.name, toApiString(*slot.job.outcome))};
        return result;
    }
    slot.cancelRequested = true;
    slot.job.statusDescription = reason.isEmpty() ? tr("canceled") : reason;
    m_changedJobs.insert(j);
    if (slot.allocs.empty()) {
        finishJob(j, JobOutcome::Canceled, slot.job.statusDescription);
        return result;
    }
    const std::vector<int> allocs = slot.allocs;
    const QString description = slot.job.statusDescription;
    for (int a : allocs) {
        // Never placed: stopped before it ran, as Nomad marks it; placed: its process is killed.
        const ClientStatus status =
            m_allocs[a].node < 0 ? ClientStatus::Complete : ClientStatus::Failed;
        terminate(a, status, std::nullopt, description, &result);
    }
    return result;
}

void Scheduler::rejectUnplaceable(SchedulerResult &result)
{
    QList<int> doomed;
    for (const QueueKey &key : m_queue) {
        const int j = m_allocs[std::get<3>(key)].job;
        if (!doomed.contains(j) &&
            neverFitsReason(*ResourceClass::find(m_jobs[j].job.resourceClass)))
            doomed.append(j);
    }
    for (int j : doomed) {
        const QString reason = *neverFitsReason(*ResourceClass::find(m_jobs[j].job.resourceClass));
        result.stopAllocations +=
            cancelJob(m_jobs[j].job.id, tr("can never run: %1").arg(reason)).stopAllocations;
    }
}

} // namespace gantry
