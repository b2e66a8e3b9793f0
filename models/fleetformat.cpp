#include "fleetformat.h"

#include <QHash>
#include <QLocale>
#include <cmath>

namespace gantry {

QString FleetFormat::duration(double seconds)
{
    if (seconds < 0 || std::isnan(seconds))
        return {};
    const qint64 s = qint64(std::llround(seconds));
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return s % 60 ? tr("%1 min %2 s").arg(s / 60).arg(s % 60) : tr("%1 min").arg(s / 60);
    if (s < 86400)
        return (s % 3600) / 60 ? tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60)
                               : tr("%1 h").arg(s / 3600);
    return (s % 86400) / 3600 ? tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600)
                              : tr("%1 d").arg(s / 86400);
}

QString FleetFormat::time(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    const QDateTime local = utc.toLocalTime();
    const QLocale locale;
    if (local.date() == QDate::currentDate())
        return locale.toString(local.time(), QStringLiteral("HH:mm:ss"));
    return locale.toString(local, QStringLiteral("yyyy-MM-dd HH:mm"));
}

QDateTime FleetFormat::parseTime(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(value.toString(), Qt::ISODate);
    return t.isValid() ? t.toUTC() : QDateTime();
}

QString FleetFormat::memory(int megabytes)
{
    if (megabytes == 0)
        return QStringLiteral("0");
    if (megabytes < 1024)
        return tr("%1 MB").arg(megabytes);
    const double gb = megabytes / 1024.0;
    return tr("%1 GB").arg(QLocale().toString(gb, 'f', gb == std::floor(gb) ? 0 : 1));
}

QString FleetFormat::state(const QString &apiValue)
{
    static const QHash<QString, const char *> words{
        {QStringLiteral("initializing"), QT_TR_NOOP("initializing")},
        {QStringLiteral("ready"), QT_TR_NOOP("ready")},
        {QStringLiteral("down"), QT_TR_NOOP("down")},
        {QStringLiteral("eligible"), QT_TR_NOOP("eligible")},
        {QStringLiteral("ineligible"), QT_TR_NOOP("ineligible")},
        {QStringLiteral("pending"), QT_TR_NOOP("pending")},
        {QStringLiteral("running"), QT_TR_NOOP("running")},
        {QStringLiteral("dead"), QT_TR_NOOP("dead")},
        {QStringLiteral("success"), QT_TR_NOOP("success")},
        {QStringLiteral("failed"), QT_TR_NOOP("failed")},
        {QStringLiteral("canceled"), QT_TR_NOOP("canceled")},
        {QStringLiteral("lost"), QT_TR_NOOP("lost")},
        {QStringLiteral("complete"), QT_TR_NOOP("complete")},
    };
    const char *word = words.value(apiValue);
    return word ? tr(word) : apiValue;
}

} // namespace gantry
