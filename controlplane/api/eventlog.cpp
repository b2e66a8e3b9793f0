#include "eventlog.h"

#include <QDateTime>
#include <QJsonDocument>

namespace gantry {

EventLog::EventLog(qsizetype capacity, qint64 firstIndex)
    : m_capacity(std::max<qsizetype>(1, capacity))
    , m_next(firstIndex)
{}

QByteArray EventLog::frameFor(const Event &event)
{
    return "id: " + QByteArray::number(event.index) +
           "\ndata: " + QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + "\n\n";
}

QByteArray EventLog::resyncFrame(qint64 currentIndex)
{
    // No id line: the client keeps no position from it; it re-lists and goes on from here.
    return "event: resync\ndata: {\"type\":\"resync\",\"index\":" +
           QByteArray::number(currentIndex) + "}\n\n";
}

const EventLog::Entry &EventLog::append(const QString &topic, const QString &type,
                                        const QJsonObject &payload)
{
    Event event{m_next++, topic, type, payload,
                QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)};
    if (qsizetype(m_entries.size()) >= m_capacity)
        m_entries.pop_front();
    QByteArray frame = frameFor(event);
    m_entries.push_back({std::move(event), std::move(frame)});
    return m_entries.back();
}

std::optional<std::vector<const EventLog::Entry *>> EventLog::since(qint64 lastSeen) const
{
    if (lastSeen > lastIndex() || lastSeen < oldestIndex() - 1)
        return std::nullopt;
    std::vector<const Entry *> missed;
    const qsizetype first = qsizetype(lastSeen + 1 - oldestIndex());
    missed.reserve(m_entries.size() - size_t(first));
    for (size_t i = size_t(first); i < m_entries.size(); ++i)
        missed.push_back(&m_entries[i]);
    return missed;
}

} // namespace gantry
