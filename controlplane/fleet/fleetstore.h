// The fleet's history in the database: workflow runs (with their config.yml, so waiting jobs can
// run after a restart), jobs, allocations, node state (drain, eligibility, nodes added through
// the API) and the fleet id. Changes are written in one transaction per batch of scheduler
// changes.
#pragma once

#include "localfleet.h"

namespace gantry {

class Database;

class FleetStore final
{
public:
    explicit FleetStore(Database &database);
    QString migrate();

    struct Loaded
    {
        QList<LocalFleet::StoredRun> runs;
        QList<Job> jobs;
        QList<Allocation> allocations;
        QList<Node> nodes;
    };
    std::optional<Loaded> load(QString *error) const;

    // The fleet id that node ids derive from (FleetSpec::nodeId): made once, at the first start,
    // and kept in the database, so the ids do not depend on where the data directory is.
    std::optional<QString> fleetId(QString *error) const;
    // Deletes stored nodes that have no place in the fleet (FleetNodePlan::dropped).
    QString removeNodes(const QStringList &nodeIds) const;

    QString saveRun(const LocalFleet::StoredRun &run);
    // Writes the current state of everything in `changes` (removed nodes are deleted).
    QString save(const Scheduler &scheduler, const SchedulerChanges &changes);

    // Retention: the finished jobs submitted more than `maxAgeDays` ago or beyond the newest
    // `maxJobs` (FleetRetention removes them).
    QStringList expiredJobs(qint64 maxAgeDays, int maxJobs) const;
    // Deletes these jobs, their allocations and the workflow runs left without a job, in one
    // transaction; returns the ids of the deleted allocations, or nullopt (and why) when nothing
    // was deleted.
    std::optional<QStringList> removeJobs(const QStringList &jobIds, QString *error) const;

private:
    Database &m_db;
};

} // namespace gantry
