#include "auditsink.h"

namespace gantry {

void RecordingAuditSink::record(const AuditEvent &event)
{
    const QMutexLocker lock(&m_mutex);
    m_events.append(event);
}

QList<AuditEvent> RecordingAuditSink::events() const
{
    const QMutexLocker lock(&m_mutex);
    return m_events;
}

void RecordingAuditSink::clear()
{
    const QMutexLocker lock(&m_mutex);
    m_events.clear();
}

} // namespace gantry
