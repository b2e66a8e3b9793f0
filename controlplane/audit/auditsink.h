// Where every admin action and job event goes to be audited. Producers (API routes, settings,
// the fleet) only know this interface; the audit store (SQLite/PostgreSQL) implements it.
#pragma once

#include "auditevent.h"

#include <QList>
#include <mutex>

namespace gantry {

class AuditSink
{
public:
    virtual ~AuditSink() = default;
    // Thread-safe. Returns once the event is durable (or logs why it could not be stored).
    virtual void record(const AuditEvent &event) = 0;
};

// Keeps events in memory: for tests, and until the audit store lands.
class RecordingAuditSink final : public AuditSink
{
public:
    void record(const AuditEvent &event) override
    {
        std::lock_guard lock(m_mutex);
        m_events.append(event);
    }
    QList<AuditEvent> events() const
    {
        std::lock_guard lock(m_mutex);
        return m_events;
    }

private:
    mutable std::mutex m_mutex;
    QList<AuditEvent> m_events;
};

} // namespace gantry
