// The bounded memory of the event stream: assigns indexes, keeps the last N events with their SSE
// frames ready to send, and tells a reconnecting client what it missed or that it must resync.
#pragma once

#include "event.h"

#include <QByteArray>
#include <deque>
#include <vector>

namespace gantry {

class EventLog final
{
public:
    // Indexes start at `firstIndex` (gantryd uses a time-derived start, so that a client resuming
    // with an index of an earlier gantryd run is told to resync instead of being misled).
    EventLog(qsizetype capacity, qint64 firstIndex);

    struct Entry
    {
        Event event;
        QByteArray frame; // "id: N\ndata: {...}\n\n"
    };
    const Entry &append(const QString &topic, const QString &type, const QJsonObject &payload);

    qint64 lastIndex() const { return m_next - 1; }
    qint64 oldestIndex() const
    {
        return m_entries.empty() ? m_next : m_entries.front().event.index;
    }

    // What a client that has seen everything up to `lastSeen` is missing: nullopt when the log no
    // longer holds all of it (or `lastSeen` is not an index of this log), i.e. it must resync.
    std::optional<std::vector<const Entry *>> since(qint64 lastSeen) const;

    static QByteArray frameFor(const Event &event);
    static QByteArray resyncFrame(qint64 currentIndex);

private:
    qsizetype m_capacity;
    qint64 m_next;
    std::deque<Entry> m_entries;
};

} // namespace gantry
