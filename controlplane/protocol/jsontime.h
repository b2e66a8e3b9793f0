// Time and optional-value helpers shared by the domain codecs: UTC ISO-8601 with milliseconds,
// null for "not yet".
#pragma once

#include <QDateTime>
#include <QJsonValue>

namespace gantry::jsontime {

inline QJsonValue toJson(const QDateTime &time)
{
    if (!time.isValid())
        return QJsonValue(QJsonValue::Null);
    return time.toUTC().toString(Qt::ISODateWithMs);
}

inline QDateTime fromJson(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(value.toString(), Qt::ISODate);
    return time.toUTC();
}

} // namespace gantry::jsontime
