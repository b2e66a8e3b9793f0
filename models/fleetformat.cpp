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

namespace {
// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return qint64(era) * 146097 + doe - 719468;
}

// "YYYY-MM-DDTHH:MM:SS[.f…]Z" only; -2 for anything else (the slow path decides).
qint64 fastMsecs(QStringView s)
{
    const auto digits = [&](qsizetype at, int count, int *out) {
        int v = 0;
        for (int i = 0; i < count; ++i) {
            const QChar c = s[at + i];
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return false;
            v = v * 10 + (c.unicode() - '0');
        }
        *out = v;
        return true;
    };
    if (s.size() < 20 || s.back() != QLatin1Char('Z') || s[4] != QLatin1Char('-') ||
        s[7] != QLatin1Char('-') || s[10] != QLatin1Char('T') || s[13] != QLatin1Char(':') ||
        s[16] != QLatin1Char(':'))
        return -2;
    int y, mo, d, h, mi, sec;
    if (!digits(0, 4, &y) || !digits(5, 2, &mo) || !digits(8, 2, &d) || !digits(11, 2, &h) ||
        !digits(14, 2, &mi) || !digits(17, 2, &sec) || mo < 1 || mo > 12 || d < 1 || d > 31 ||
        h > 23 || mi > 59 || sec > 59)
        return -2;
    int ms = 0;
    if (s.size() > 20) {
        if (s[19] != QLatin1Char('.') || s.size() < 22)
            return -2;
        int scale = 100;
        for (qsizetype i = 20; i < s.size() - 1; ++i) {
            const QChar c = s[i];
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return -2;
            ms += (c.unicode() - '0') * scale;
            scale /= 10;
        }
    }
    return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60'000LL + sec * 1000LL + ms;
}
} // namespace

qint64 FleetFormat::parseMsecs(const QJsonValue &value)
{
    if (!value.isString())
        return -1;
    const QString text = value.toString();
    const qint64 fast = fastMsecs(text);
    if (fast != -2)
        return fast;
    const QDateTime t = parseTime(value);
    return t.isValid() ? t.toMSecsSinceEpoch() : -1;
}

QDateTime FleetFormat::parseTime(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    const qint64 fast = fastMsecs(value.toString());
    if (fast >= 0)
        return QDateTime::fromMSecsSinceEpoch(fast, Qt::UTC);
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
