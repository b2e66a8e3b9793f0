#include "fleetservice.h"

#include "api/eventhub.h"
#include "audit/auditsink.h"

#include <QJsonDocument>
#include <QSet>

namespace gantry {

namespace {
QJsonObject systemActor()
{
    return AuditEvent::entity(QStringLiteral("system"), QStringLiteral("gantryd"),
                              QStringLiteral("scheduler"));
}
} // namespace

FleetService::FleetService(LocalFleet &fleet, EventHub &events, AuditSink &audit, QObject *parent)
    : QObject(parent)
    , m_fleet(fleet)
    , m_events(events)
    , m_audit(audit)
{
    for (const Node &n : m_fleet.scheduler().nodes()) {
        m_nodeOrder << n.id;
        refreshNode(n.id);
    }
    for (const Job &j : m_fleet.scheduler().jobs())
        m_lastStatus.insert(j.id, j.status);
    connect(&m_fleet, &LocalFleet::changed, this, &FleetService::onChanged);
    connect(&m_fleet, &LocalFleet::jobsForgotten, this, [this](const QStringList &jobIds) {
        for (const QString &id : jobIds)
            m_lastStatus.remove(id);
    });
}

std::optional<QJsonObject> FleetService::nodeObject(const QString &nodeId) const
{
    const auto node = scheduler().node(nodeId);
    if (!node)
        return std::nullopt;
    QJsonObject o = node->toJson();
    if (const auto allocated = scheduler().nodeAllocated(nodeId))
        o.insert("allocated", allocated->toJson());
    return o;
}

void FleetService::refreshNode(const QString &nodeId)
{
    if (const auto o = nodeObject(nodeId))
        m_nodeJson.insert(nodeId, QJsonDocument(*o).toJson(QJsonDocument::Compact));
    else
        m_nodeJson.remove(nodeId);
}

QByteArray FleetService::nodesJson() const
{
    QByteArray out;
    out.reserve(m_nodeJson.size() * 400);
    out += '[';
    bool first = true;
    for (const QString &id : m_nodeOrder) {
        const auto it = m_nodeJson.constFind(id);
        if (it == m_nodeJson.cend())
            continue;
        if (!first)
            out += ',';
        out += *it;
        first = false;
    }
    out += ']';
    return out;
}

QJsonObject FleetService::jobObject(const Job &job) const
{
    QJsonObject o = job.toJson();
    QStringList nodes;
    for (const Allocation &a : scheduler().jobAllocations(job.id))
        if (!a.nodeId.isEmpty() && !nodes.contains(a.nodeId))
            nodes << a.nodeId;
    o.insert("node_ids", QJsonArray::fromStringList(nodes));
    return o;
}

QJsonArray FleetService::allocationsOf(const QString &jobId) const
{
    QJsonArray list;
    for (const Allocation &a : scheduler().jobAllocations(jobId))
        list.append(a.toJson());
    return list;
}

QJsonArray FleetService::allocationsOnNode(const QString &nodeId) const
{
    QJsonArray list;
    for (const Allocation &a : scheduler().nodeAllocations(nodeId))
        list.append(a.toJson());
    return list;
}

FleetService::JobCounts FleetService::jobCounts() const
{
    JobCounts c;
    for (const Job &j : scheduler().jobs()) {
        switch (j.status) {
        case JobStatus::Pending:
            ++c.pending;
            break;
        case JobStatus::Running:
            ++c.running;
            break;
        case JobStatus::Dead:
            if (j.outcome == JobOutcome::Success)
                ++c.complete;
            else
                ++c.dead;
            break;
        }
    }
    return c;
}

void FleetService::onChanged(const SchedulerChanges &changes)
{
    // A node is new or gone by its cached JSON (a hash lookup), and the order list is filtered
    // once per batch: a batch that touches every node of a large fleet stays linear.
    QSet<QString> removed;
    for (const QString &id : changes.nodes) {
        const bool known = m_nodeJson.contains(id);
        refreshNode(id);
        const auto it = m_nodeJson.constFind(id);
        if (it == m_nodeJson.cend()) {
            if (known)
                removed.insert(id);
            m_events.publish(QStringLiteral("Node"), QStringLiteral("removed"),
                             QJsonObject{{"id", id}});
            continue;
        }
        if (!known)
            m_nodeOrder << id;
        m_events.publish(QStringLiteral("Node"), QStringLiteral("updated"),
                         QJsonDocument::fromJson(*it).object());
    }
    if (!removed.isEmpty())
        m_nodeOrder.removeIf([&](const QString &id) { return removed.contains(id); });
    for (const QString &id : changes.jobs) {
        const auto job = scheduler().job(id);
        if (!job)
            continue;
        const JobStatus before = m_lastStatus.value(id, JobStatus::Pending);
        m_lastStatus.insert(id, job->status);
        const QJsonObject target = AuditEvent::entity(QStringLiteral("job"), job->id, job->name);
        if (before == JobStatus::Pending && job->status != JobStatus::Pending &&
            job->startedAt.isValid())
            m_audit.record(AuditEvent::make(
                QStringLiteral("workflow.job.start"), systemActor(), target,
                {{"workflow", job->workflow}, {"workflow_run_id", job->workflowRunId}}));
        if (before != JobStatus::Dead && job->status == JobStatus::Dead)
            m_audit.record(AuditEvent::make(
                QStringLiteral("workflow.job.finish"), systemActor(), target,
                {{"workflow", job->workflow},
                 {"workflow_run_id", job->workflowRunId},
                 {"outcome", job->outcome ? toApiString(*job->outcome) : QString()},
                 {"description", job->statusDescription}},
                job->outcome == JobOutcome::Success));
        m_events.publish(QStringLiteral("Job"), QStringLiteral("updated"), jobObject(*job));
    }
    for (const QString &id : changes.allocations) {
        if (const auto a = scheduler().allocation(id))
            m_events.publish(QStringLiteral("Allocation"), QStringLiteral("updated"), a->toJson());
    }
    const JobCounts c = jobCounts();
    m_events.publish(QStringLiteral("Metrics"), QStringLiteral("jobs"),
                     {{"pending", c.pending},
                      {"running", c.running},
                      {"complete", c.complete},
                      {"dead", c.dead},
                      {"queued_allocations", scheduler().queuedAllocations()}});
}

} // namespace gantry
