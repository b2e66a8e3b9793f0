#include "fleetretention.h"

#include "fleetstore.h"
#include "localfleet.h"

#include <QDir>

namespace gantry {

FleetRetention::FleetRetention(FleetStore &store, LocalFleet &fleet, int maxAgeDays, int maxJobs)
    : m_store(store)
    , m_fleet(fleet)
    , m_maxAgeDays(maxAgeDays)
    , m_maxJobs(maxJobs)
{}

FleetRetention::Result FleetRetention::apply()
{
    Result result;
    const QStringList expired = m_store.expiredJobs(m_maxAgeDays, m_maxJobs);
    if (expired.isEmpty())
        return result;
    // Memory first: a job the scheduler still holds (not dead in memory yet, or its processes
    // still stopping) stays in the database too, and is tried again next time.
    m_fleet.forgetJobs(expired);
    for (const QString &id : expired) {
        if (!m_fleet.scheduler().job(id))
            result.jobs.append(id);
    }
    if (result.jobs.isEmpty())
        return result;
    const auto allocations = m_store.removeJobs(result.jobs, &result.error);
    if (!allocations) {
        result.jobs.clear();
        return result;
    }
    result.allocations = *allocations;
    for (const QString &alloc : std::as_const(result.allocations))
        QDir(m_fleet.allocationDirectory(alloc)).removeRecursively();
    return result;
}

} // namespace gantry
