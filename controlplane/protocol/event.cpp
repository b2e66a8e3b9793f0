#include "event.h"

namespace gantry {

QJsonObject Event::toJson() const
{
    return {
        {"index", index}, {"topic", topic}, {"type", type}, {"payload", payload}, {"time", time}};
}

std::optional<Event> Event::fromJson(const QJsonObject &o)
{
    if (!o.value("index").isDouble() || !o.value("topic").isString())
        return std::nullopt;
    return Event{o.value("index").toInteger(), o.value("topic").toString(),
                 o.value("type").toString(), o.value("payload").toObject(),
                 o.value("time").toString()};
}

} // namespace gantry
