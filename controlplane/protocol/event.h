// One live event of GET /v1/events: an index that grows by exactly one across all topics, a topic
// (Node, Job, Allocation, Metrics, Audit, Settings), a type ("updated", "applied", ...) and a
// payload.
#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace gantry {

struct Event
{
    qint64 index = 0;
    QString topic;
    QString type;
    QJsonObject payload;
    QString time; // UTC ISO-8601 with milliseconds

    QJsonObject toJson() const;
    static std::optional<Event> fromJson(const QJsonObject &object);
};

} // namespace gantry
