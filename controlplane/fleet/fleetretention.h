// Retention for the local fleet: finished jobs older than an age or beyond the newest count leave
// the database, gantryd's memory (the scheduler) and the disk (their allocations' directories),
// so that a long-running gantryd (weeks of --sample-load) stays bounded in all three.
#pragma once

#include <QString>
#include <QStringList>

namespace gantry {

class FleetStore;
class LocalFleet;

class FleetRetention final
{
public:
    FleetRetention(FleetStore &store, LocalFleet &fleet, int maxAgeDays, int maxJobs);

    struct Result
    {
        QStringList jobs;        // removed everywhere
        QStringList allocations; // whose directories were removed
        QString error;           // the database refused: memory may be ahead, tried again later
    };
    Result apply();

private:
    FleetStore &m_store;
    LocalFleet &m_fleet;
    int m_maxAgeDays;
    int m_maxJobs;
};

} // namespace gantry
