// Where components report what they did for the audit log (settings.update, settings.rollback,
// user.logged_in, ...). The audit store implements it; until it lands, RecordingAuditSink keeps
// events in memory, where tests observe them.
#pragma once

#include "protocol/auditevent.h"

#include <QList>
#include <QMutex>

namespace gantry {

class AuditSink
{
public:
    virtual ~AuditSink() = default;
    // Never pass secret values in the payload: the audit log is readable by every admin.
    virtual void record(const AuditEvent &event) = 0;
};

class NullAuditSink final : public AuditSink
{
public:
    void record(const AuditEvent &) override {}
};

class RecordingAuditSink final : public AuditSink
{
public:
    void record(const AuditEvent &event) override;
    QList<AuditEvent> events() const;
    void clear();

private:
    mutable QMutex m_mutex;
    QList<AuditEvent> m_events;
};

} // namespace gantry
