// Scheduler, second half: placement, the allocation lifecycle, restore, retention and reads.
#include "scheduler.h"

#include <QUuid>
#include <algorithm>

namespace gantry {

namespace {

quint64 shapeKey(int cpu, int memoryMb)
{
    return (quint64(quint32(cpu)) << 32) | quint32(memoryMb);
}

} // namespace

QList<Placement> Scheduler::schedule(int limit)
{
    QList<Placement> placed;
    if (m_queue.empty())
        return placed;
    const QDateTime t = now();
    // Capacity only shrinks during a pass, so a shape that did not fit rules out every shape at
    // least as large, and once every queued shape is ruled out the pass is over.
    std::vector<std::pair<int, int>> failed;
    auto dominated = [&failed](int cpu, int memory) {
        for (const auto &[c, m] : failed) {
            if (c <= cpu && m <= memory)
                return true;
        }
        return false;
    };
    auto nothingFits = [&]() {
        for (auto it = m_queuedShapes.cbegin(); it != m_queuedShapes.cend(); ++it) {
            if (it.value() > 0 && !dominated(int(it.key() >> 32), int(it.key() & 0xffffffffu)))
                return false;
        }
        return true;
    };
    auto it = m_queue.begin();
    while (it != m_queue.end() && (limit < 0 || placed.size() < limit)) {
        const int a = std::get<3>(*it);
        AllocSlot &s = m_allocs[a];
        const JobSlot &js = m_jobs[s.job];
        if (dominated(js.cpu, js.memoryMb)) {
            ++it;
            continue;
        }
        const int n = m_capacity.find(js.cpu, js.memoryMb);
        if (n < 0) {
            failed.emplace_back(js.cpu, js.memoryMb);
            if (nothingFits())
                break;
            ++it;
            continue;
        }
        it = m_queue.erase(it);
        const auto shape = m_queuedShapes.find(shapeKey(js.cpu, js.memoryMb));
        if (--shape.value() == 0)
            m_queuedShapes.erase(shape);
        NodeSlot &ns = m_nodes[n];
        m_capacity.erase(n, ns.freeCpu, ns.freeMemoryMb);
        ns.freeCpu -= js.cpu;
        ns.freeMemoryMb -= js.memoryMb;
        m_capacity.insert(n, ns.freeCpu, ns.freeMemoryMb);
        ns.active.insert(a);
        s.node = n;
        s.alloc.nodeId = ns.node.id;
        s.alloc.placedAt = t;
        m_changedAllocs.insert(a);
        m_changedNodes.insert(n);
        placed.append({s.alloc.id, js.job.id, ns.node.id});
    }
    return placed;
}

SchedulerResult Scheduler::allocationStarted(const QString &allocationId)
{
    SchedulerResult result;
    const int a = m_allocIndex.value(allocationId, -1);
    if (a < 0) {
        result.error = notFound(tr("allocation"), allocationId);
        return result;
    }
    AllocSlot &s = m_allocs[a];
    if (s.node < 0 || s.alloc.clientStatus != ClientStatus::Pending) {
        result.error = {SchedulerError::Kind::Conflict,
                        tr("allocation %1 is %2, not placed and pending")
                            .arg(allocationId, toApiString(s.alloc.clientStatus))};
        return result;
    }
    const QDateTime t = now();
    s.alloc.clientStatus = ClientStatus::Running;
    s.alloc.startedAt = t;
    m_changedAllocs.insert(a);
    ++m_nodes[s.node].node.runningAllocs;
    m_changedNodes.insert(s.node);
    JobSlot &js = m_jobs[s.job];
    if (js.job.status == JobStatus::Pending) {
        js.job.status = JobStatus::Running;
        js.job.startedAt = t;
        js.job.queueSeconds = js.runnableAt.msecsTo(t) / 1000.0;
        m_changedJobs.insert(s.job);
    }
    return result;
}

SchedulerResult Scheduler::allocationFinished(const QString &allocationId, ClientStatus status,
                                              std::optional<int> exitCode,
                                              const QString &description)
{
    SchedulerResult result;
    const int a = m_allocIndex.value(allocationId, -1);
    if (a < 0) {
        result.error = notFound(tr("allocation"), allocationId);
        return result;
    }
    if (!isTerminal(status)) {
        result.error = {SchedulerError::Kind::Invalid,
                        tr("an allocation finishes as complete, failed or lost, not %1")
                            .arg(toApiString(status))};
        return result;
    }
    terminate(a, status, exitCode, description, nullptr);
    return result;
}

void Scheduler::terminate(int a, ClientStatus status, std::optional<int> exitCode,
                          const QString &description, SchedulerResult *stops)
{
    AllocSlot &s = m_allocs[a];
    if (isTerminal(s.alloc.clientStatus))
        return;
    if (s.node < 0) {
        m_queue.erase(queueKey(a));
        const JobSlot &js = m_jobs[s.job];
        const auto shape = m_queuedShapes.find(shapeKey(js.cpu, js.memoryMb));
        if (shape != m_queuedShapes.end() && --shape.value() == 0)
            m_queuedShapes.erase(shape);
    } else {
        NodeSlot &ns = m_nodes[s.node];
        const bool wasIndexed = ns.indexed;
        unindex(s.node);
        ns.freeCpu += m_jobs[s.job].cpu;
        ns.freeMemoryMb += m_jobs[s.job].memoryMb;
        ns.active.remove(a);
        if (s.alloc.clientStatus == ClientStatus::Running)
            --ns.node.runningAllocs;
        if (wasIndexed || schedulable(ns))
            reindex(s.node);
        m_changedNodes.insert(s.node);
        if (stops)
            stops->stopAllocations.append(s.alloc.id);
    }
    s.alloc.clientStatus = status;
    s.alloc.exitCode = exitCode;
    s.alloc.clientDescription = description;
    s.alloc.finishedAt = now();
    m_changedAllocs.insert(a);
    checkJobDone(s.job);
}

void Scheduler::checkJobDone(int j)
{
    JobSlot &slot = m_jobs[j];
    if (slot.job.status == JobStatus::Dead || slot.allocs.empty())
        return;
    int failed = 0;
    int lost = 0;
    for (int a : slot.allocs) {
        const ClientStatus cs = m_allocs[a].alloc.clientStatus;
        if (!isTerminal(cs))
            return;
        failed += cs == ClientStatus::Failed;
        lost += cs == ClientStatus::Lost;
    }
    const int total = int(slot.allocs.size());
    if (slot.cancelRequested)
        finishJob(j, JobOutcome::Canceled, slot.job.statusDescription);
    else if (failed > 0)
        finishJob(j, JobOutcome::Failed, tr("%1 of %2 allocations failed").arg(failed).arg(total));
    else if (lost > 0)
        finishJob(j, JobOutcome::Lost, tr("%1 of %2 allocations were lost").arg(lost).arg(total));
    else
        finishJob(j, JobOutcome::Success, QString());
}

void Scheduler::finishJob(int j, JobOutcome outcome, const QString &description)
{
    JobSlot &slot = m_jobs[j];
    if (slot.job.status == JobStatus::Dead)
        return;
    slot.job.status = JobStatus::Dead;
    slot.job.outcome = outcome;
    slot.job.statusDescription = description;
    slot.job.onHold = false;
    slot.job.finishedAt = now();
    m_changedJobs.insert(j);
    const QList<int> dependents = slot.dependents;
    for (int d : dependents)
        requirementEnded(d, m_jobs[j]);
}

void Scheduler::requirementEnded(int j, const JobSlot &required)
{
    JobSlot &slot = m_jobs[j];
    if (slot.job.status == JobStatus::Dead)
        return;
    if (required.job.outcome == JobOutcome::Success) {
        if (--slot.unmetRequires == 0)
            holdOrRun(j);
        return;
    }
    const QString name = required.job.name;
    QString why;
    switch (*required.job.outcome) {
    case JobOutcome::Failed:
        why = tr("required job '%1' failed").arg(name);
        break;
    case JobOutcome::Canceled:
        why = tr("required job '%1' was canceled").arg(name);
        break;
    default:
        why = tr("required job '%1' was lost").arg(name);
        break;
    }
    finishJob(j, JobOutcome::Canceled, why);
}

SchedulerResult Scheduler::restore(const QList<Job> &jobs, const QList<Allocation> &allocations)
{
    SchedulerResult result;
    QList<Job> ordered = jobs;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Job &a, const Job &b) { return a.submittedAt < b.submittedAt; });
    const int base = int(m_jobs.size());
    for (const Job &job : ordered) {
        if (m_jobIndex.contains(job.id))
            continue;
        JobSlot slot;
        slot.job = job;
        slot.seq = m_nextSeq++;
        slot.runnableAt = job.submittedAt;
        if (const auto rc = ResourceClass::find(job.resourceClass)) {
            slot.cpu = rc->cpu;
            slot.memoryMb = rc->memoryMb;
        }
        m_jobs.push_back(std::move(slot));
        const int j = int(m_jobs.size()) - 1;
        m_jobIndex.insert(job.id, j);
        m_runs[job.workflowRunId].insert(job.name, j);
        m_changedJobs.insert(j);
    }
    const QString lostWhy = tr("gantryd stopped while this allocation ran");
    QList<int> queued;
    for (const Allocation &alloc : allocations) {
        const int j = m_jobIndex.value(alloc.jobId, -1);
        if (j < base || m_allocIndex.contains(alloc.id))
            continue;
        AllocSlot s;
        s.alloc = alloc;
        s.job = j;
        if (!isTerminal(alloc.clientStatus) && !alloc.nodeId.isEmpty()) {
            s.alloc.clientStatus = ClientStatus::Lost;
            s.alloc.clientDescription = lostWhy;
            s.alloc.finishedAt = now();
        }
        m_allocs.push_back(std::move(s));
        const int a = int(m_allocs.size()) - 1;
        m_allocIndex.insert(alloc.id, a);
        m_jobs[j].allocs.push_back(a);
        m_changedAllocs.insert(a);
        if (!isTerminal(m_allocs[a].alloc.clientStatus))
            queued.append(a);
    }
    for (int j = base; j < int(m_jobs.size()); ++j) {
        if (m_jobs[j].job.status == JobStatus::Dead)
            continue;
        for (const QString &r : m_jobs[j].job.requiredJobs) {
            const int peer = m_runs.value(m_jobs[j].job.workflowRunId).value(r, -1);
            if (peer < 0)
                continue;
            m_jobs[peer].dependents.append(j);
            if (m_jobs[peer].job.status != JobStatus::Dead)
                ++m_jobs[j].unmetRequires;
        }
    }
    for (int a : queued) {
        m_queue.insert(queueKey(a));
        const JobSlot &js = m_jobs[m_allocs[a].job];
        ++m_queuedShapes[shapeKey(js.cpu, js.memoryMb)];
    }
    for (int j = base; j < int(m_jobs.size()); ++j) {
        JobSlot &slot = m_jobs[j];
        if (slot.job.status == JobStatus::Dead)
            continue;
        const JobSlot *failedRequirement = nullptr;
        for (const QString &r : slot.job.requiredJobs) {
            const int peer = m_runs.value(slot.job.workflowRunId).value(r, -1);
            if (peer >= 0 && m_jobs[peer].job.status == JobStatus::Dead &&
                m_jobs[peer].job.outcome != JobOutcome::Success)
                failedRequirement = &m_jobs[peer];
        }
        if (failedRequirement) {
            ++slot.unmetRequires; // requirementEnded() settles it
            requirementEnded(j, *failedRequirement);
        } else if (!slot.allocs.empty()) {
            checkJobDone(j);
        } else if (slot.unmetRequires == 0) {
            holdOrRun(j);
        }
    }
    return result;
}

// ---- retention ---------------------------------------------------------------------------------

bool Scheduler::forgettable(int j) const
{
    const JobSlot &slot = m_jobs[j];
    if (slot.job.status != JobStatus::Dead)
        return false;
    return std::all_of(slot.allocs.begin(), slot.allocs.end(),
                       [this](int a) { return isTerminal(m_allocs[a].alloc.clientStatus); });
}

QStringList Scheduler::forget(const QStringList &jobIds)
{
    std::vector<char> drop(m_jobs.size(), 0);
    QStringList forgotten;
    for (const QString &id : jobIds) {
        const int j = m_jobIndex.value(id, -1);
        if (j < 0 || drop[j] || !forgettable(j))
            continue;
        drop[j] = 1;
        forgotten.append(id);
    }
    if (forgotten.isEmpty())
        return forgotten;
    // Slots are addressed by position everywhere (queue keys, the nodes' active sets, dependents,
    // the change sets), so the survivors move up in order and every position is translated.
    std::vector<int> jobTo(m_jobs.size(), -1);
    std::vector<int> allocTo(m_allocs.size(), -1);
    int jobCount = 0;
    int allocCount = 0;
    for (size_t j = 0; j < m_jobs.size(); ++j) {
        if (!drop[j])
            jobTo[j] = jobCount++;
    }
    for (size_t a = 0; a < m_allocs.size(); ++a) {
        if (!drop[m_allocs[a].job])
            allocTo[a] = allocCount++;
    }
    std::vector<JobSlot> jobs;
    jobs.reserve(jobCount);
    for (size_t j = 0; j < m_jobs.size(); ++j) {
        if (drop[j])
            continue;
        JobSlot slot = std::move(m_jobs[j]);
        for (int &a : slot.allocs)
            a = allocTo[a];
        QList<int> dependents;
        for (int d : std::as_const(slot.dependents)) {
            if (jobTo[d] >= 0)
                dependents.append(jobTo[d]);
        }
        slot.dependents = std::move(dependents);
        jobs.push_back(std::move(slot));
    }
    std::vector<AllocSlot> allocs;
    allocs.reserve(allocCount);
    for (size_t a = 0; a < m_allocs.size(); ++a) {
        if (allocTo[a] < 0)
            continue;
        AllocSlot slot = std::move(m_allocs[a]);
        slot.job = jobTo[slot.job];
        allocs.push_back(std::move(slot));
    }
    m_jobs.swap(jobs);
    m_allocs.swap(allocs);

    m_jobIndex.clear();
    m_runs.clear();
    for (int j = 0; j < int(m_jobs.size()); ++j) {
        m_jobIndex.insert(m_jobs[j].job.id, j);
        m_runs[m_jobs[j].job.workflowRunId].insert(m_jobs[j].job.name, j);
    }
    m_allocIndex.clear();
    for (int a = 0; a < int(m_allocs.size()); ++a)
        m_allocIndex.insert(m_allocs[a].alloc.id, a);
    // Only allocations that are not terminal are queued or active, and none of those is dropped.
    std::set<QueueKey> queue;
    for (const QueueKey &key : m_queue)
        queue.insert(QueueKey{std::get<0>(key), std::get<1>(key), std::get<2>(key),
                              allocTo[std::get<3>(key)]});
    m_queue.swap(queue);
    auto translate = [](const QSet<int> &positions, const std::vector<int> &to) {
        QSet<int> result;
        result.reserve(positions.size());
        for (int p : positions) {
            if (to[p] >= 0)
                result.insert(to[p]);
        }
        return result;
    };
    for (NodeSlot &slot : m_nodes)
        slot.active = translate(slot.active, allocTo);
    m_changedJobs = translate(m_changedJobs, jobTo);
    m_changedAllocs = translate(m_changedAllocs, allocTo);
    return forgotten;
}

// ---- reads -------------------------------------------------------------------------------------

std::optional<Node> Scheduler::node(const QString &nodeId) const
{
    const auto it = m_nodeIndex.constFind(nodeId);
    if (it == m_nodeIndex.constEnd())
        return std::nullopt;
    return m_nodes[*it].node;
}

std::optional<NodeResources> Scheduler::nodeAllocated(const QString &nodeId) const
{
    const auto it = m_nodeIndex.constFind(nodeId);
    if (it == m_nodeIndex.constEnd())
        return std::nullopt;
    const NodeSlot &slot = m_nodes[*it];
    const NodeResources allocatable = slot.node.allocatable();
    return NodeResources{allocatable.cpu - slot.freeCpu, allocatable.memoryMb - slot.freeMemoryMb};
}

QList<Node> Scheduler::nodes() const
{
    QList<Node> result;
    result.reserve(m_nodeIndex.size());
    for (const NodeSlot &slot : m_nodes) {
        if (!slot.removed)
            result.append(slot.node);
    }
    return result;
}

std::optional<Job> Scheduler::job(const QString &jobId) const
{
    const int j = m_jobIndex.value(jobId, -1);
    if (j < 0)
        return std::nullopt;
    return m_jobs[j].job;
}

QList<Job> Scheduler::jobs() const
{
    QList<Job> result;
    result.reserve(int(m_jobs.size()));
    for (const JobSlot &slot : m_jobs)
        result.append(slot.job);
    return result;
}

int Scheduler::jobCount(JobStatus status) const
{
    return int(std::count_if(m_jobs.begin(), m_jobs.end(),
                             [status](const JobSlot &slot) { return slot.job.status == status; }));
}

std::optional<Allocation> Scheduler::allocation(const QString &allocationId) const
{
    const int a = m_allocIndex.value(allocationId, -1);
    if (a < 0)
        return std::nullopt;
    return m_allocs[a].alloc;
}

QList<Allocation> Scheduler::jobAllocations(const QString &jobId) const
{
    QList<Allocation> result;
    const int j = m_jobIndex.value(jobId, -1);
    if (j < 0)
        return result;
    for (int a : m_jobs[j].allocs)
        result.append(m_allocs[a].alloc);
    return result;
}

QList<Allocation> Scheduler::nodeAllocations(const QString &nodeId) const
{
    QList<Allocation> result;
    for (const AllocSlot &s : m_allocs) {
        if (s.alloc.nodeId == nodeId)
            result.append(s.alloc);
    }
    return result;
}

SchedulerChanges Scheduler::takeChanges()
{
    SchedulerChanges changes;
    for (int n : std::as_const(m_changedNodes))
        changes.nodes.append(m_nodes[n].node.id);
    for (int j : std::as_const(m_changedJobs))
        changes.jobs.append(m_jobs[j].job.id);
    for (int a : std::as_const(m_changedAllocs))
        changes.allocations.append(m_allocs[a].alloc.id);
    m_changedNodes.clear();
    m_changedJobs.clear();
    m_changedAllocs.clear();
    return changes;
}

} // namespace gantry
