// How the fleet pages write durations, times, capacities and API states for people: one place, so
// the tables, the dashboard and the dialogs say the same thing the same way.
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace gantry {

class FleetFormat final
{
    Q_DECLARE_TR_FUNCTIONS(gantry::FleetFormat)
public:
    // "42 s", "3 min 5 s", "2 h 10 min", "3 d 4 h"; empty for a negative value.
    static QString duration(double seconds);
    // Local wall-clock time; the date too when it is not today. Empty for an invalid time.
    static QString time(const QDateTime &utc);
    static QDateTime parseTime(const QJsonValue &value);
    // The same instant as milliseconds since the epoch, -1 when absent or invalid. The API's own
    // form (2026-11-28T12:04:10.123Z) is read by hand: QDateTime::fromString costs microseconds,
    // and the dashboard reads two times of each of 50,000 jobs every second.
    static qint64 parseMsecs(const QJsonValue &value);
    // "3.5 GB" from megabytes.
    static QString memory(int megabytes);
    // Translated words for the API's lower-case values (node/job/allocation states, outcomes).
    static QString state(const QString &apiValue);
};

} // namespace gantry
