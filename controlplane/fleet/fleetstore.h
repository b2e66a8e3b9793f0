// The fleet's history in the database: workflow runs (with their config.yml, so waiting jobs can
// run after a restart), jobs, allocations and node state (drain, eligibility, nodes added through
// the API). Changes are written in one transaction per batch of scheduler changes.
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

    QString saveRun(const LocalFleet::StoredRun &run);
    // Writes the current state of everything in `changes` (removed nodes are deleted).
    QString save(const Scheduler &scheduler, const SchedulerChanges &changes);

    // Retention: forgets finished jobs older than `maxAgeDays` or beyond the newest `maxJobs`;
    // returns the ids of the allocations whose directories may go.
    QStringList prune(qint64 maxAgeDays, int maxJobs);

private:
    Database &m_db;
};

} // namespace gantry
