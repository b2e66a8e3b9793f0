// The fleet as the API and the event stream see it: JSON views of nodes, jobs and allocations
// (node JSON cached, so that listing thousands of nodes costs a concatenation), the events of
// every change, and the audit events of job starts and finishes.
#pragma once

#include "localfleet.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>

namespace gantry {

class AuditSink;
class EventHub;

class FleetService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetService)
public:
    FleetService(LocalFleet &fleet, EventHub &events, AuditSink &audit, QObject *parent = nullptr);

    LocalFleet &fleet() { return m_fleet; }
    const Scheduler &scheduler() const { return m_fleet.scheduler(); }
    AuditSink &audit() { return m_audit; }

    QByteArray nodesJson() const; // the JSON array of every node, from the cache
    std::optional<QJsonObject> nodeObject(const QString &nodeId) const;
    QJsonObject jobObject(const Job &job) const; // with "node_ids"
    QJsonArray allocationsOf(const QString &jobId) const;
    QJsonArray allocationsOnNode(const QString &nodeId) const;

    // Counts behind the guide's circle.nomad.server_agent.jobs.* metrics.
    struct JobCounts
    {
        int pending = 0, running = 0, complete = 0, dead = 0;
    };
    JobCounts jobCounts() const;

private:
    void onChanged(const SchedulerChanges &changes);
    void refreshNode(const QString &nodeId);

    LocalFleet &m_fleet;
    EventHub &m_events;
    AuditSink &m_audit;
    QStringList m_nodeOrder;                // ids in the order nodes were added
    QHash<QString, QByteArray> m_nodeJson;  // id → compact JSON of nodeObject()
    QHash<QString, JobStatus> m_lastStatus; // for the start/finish audit events
};

} // namespace gantry
