#include "auditevent.h"

#include <QDateTime>
#include <QUuid>

#include <chrono>
#include <limits>

namespace gantry {

qint64 AuditEvent::nowNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

QJsonObject AuditEvent::entity(const QString &type, const QString &id, const QString &name)
{
    QJsonObject o{{"type", type}, {"id", id}};
    if (!name.isEmpty())
        o.insert("name", name);
    return o;
}

AuditEvent AuditEvent::make(const QString &action, const QJsonObject &actor,
                            const QJsonObject &target, const QJsonObject &payload, bool success)
{
    AuditEvent e;
    e.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.action = action;
    e.actor = actor;
    e.target = target;
    e.payload = payload;
    e.occurredAtNs = nowNs();
    e.success = success;
    return e;
}

// ^[a-z]+(_[a-z]+)*(\.[a-z]+(_[a-z]+)*)+$ by hand (it runs for every imported row): words of
// a-z joined by single underscores, at least two of them joined by dots.
bool AuditEvent::isValidAction(const QString &action)
{
    int parts = 0;
    bool afterLetter = false; // the previous character was a letter
    for (const QChar ch : action) {
        const char16_t c = ch.unicode();
        if (c >= u'a' && c <= u'z') {
            afterLetter = true;
        } else if ((c == u'.' || c == u'_') && afterLetter) {
            afterLetter = false;
            if (c == u'.')
                ++parts;
        } else {
            return false;
        }
    }
    return afterLetter && parts >= 1;
}

QString AuditEvent::formatTime(qint64 ns)
{
    qint64 seconds = ns / 1000000000;
    qint64 fraction = ns % 1000000000;
    if (fraction < 0) {
        fraction += 1000000000;
        --seconds;
    }
    QString digits = QStringLiteral("%1").arg(fraction, 9, 10, QLatin1Char('0'));
    while (digits.size() > 3 && digits.endsWith('0'))
        digits.chop(1);
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC)
               .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) +
           '.' + digits + 'Z';
}

QString AuditEvent::timeForm()
{
    return QStringLiteral("UTC ISO-8601 with up to 9 fractional digits from "
                          "1677-09-21T00:12:45Z to 2262-04-11T23:47:15Z, e.g. "
                          "2017-12-21T13:50:54.474Z");
}

// yyyy-MM-ddTHH:mm:ss[.1 to 9 digits](Z|+00:00), by hand: QDateTime::fromString read the
// fields as local time first (eight stat() calls of /etc/localtime a row, a quarter of an
// import's time, and a time in the local zone's DST gap was refused), and a regular expression
// per row cost as much again.
std::optional<qint64> AuditEvent::parseTime(const QString &text)
{
    const qsizetype size = text.size();
    auto number = [&](qsizetype at, int count, int *value) {
        if (at + count > size)
            return false;
        *value = 0;
        for (qsizetype i = at; i < at + count; ++i) {
            const char16_t c = text.at(i).unicode();
            if (c < u'0' || c > u'9')
                return false;
            *value = *value * 10 + (c - u'0');
        }
        return true;
    };
    auto is = [&](qsizetype at, char16_t c) { return at < size && text.at(at).unicode() == c; };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!number(0, 4, &year) || !is(4, u'-') || !number(5, 2, &month) || !is(7, u'-') ||
        !number(8, 2, &day) || !is(10, u'T') || !number(11, 2, &hour) || !is(13, u':') ||
        !number(14, 2, &minute) || !is(16, u':') || !number(17, 2, &second))
        return std::nullopt;
    qsizetype at = 19;
    qint64 fraction = 0;
    if (is(at, u'.')) {
        int digits = 0;
        for (++at; at < size && text.at(at).isDigit() && text.at(at).unicode() < 0x80; ++at) {
            if (++digits > 9)
                return std::nullopt;
            fraction = fraction * 10 + (text.at(at).unicode() - u'0');
        }
        if (digits == 0)
            return std::nullopt;
        for (; digits < 9; ++digits)
            fraction *= 10;
    }
    const QStringView zone = QStringView(text).sliced(at);
    if (zone != u"Z" && zone != u"+00:00")
        return std::nullopt;
    using namespace std::chrono;
    const year_month_day date{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                              std::chrono::day{unsigned(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    const qint64 seconds = qint64(sys_days{date}.time_since_epoch().count()) * 86400 + hour * 3600 +
                           minute * 60 + second;
    // Nanoseconds in 64 bits, whole seconds: 1677-09-21T00:12:45Z to 2262-04-11T23:47:15Z.
    constexpr qint64 kLimit = std::numeric_limits<qint64>::max() / 1000000000 - 1;
    if (seconds > kLimit || seconds < -kLimit)
        return std::nullopt;
    return seconds * 1000000000 + fraction;
}

QJsonObject AuditEvent::toJson() const
{
    QJsonObject meta;
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it)
        meta.insert(it.key(), it.value());
    return {{"id", id},           {"action", action},  {"actor", actor},
            {"target", target},   {"scope", scope},    {"request", request},
            {"payload", payload}, {"metadata", meta},  {"occurred_at", formatTime(occurredAtNs)},
            {"version", version}, {"success", success}};
}

std::optional<AuditEvent> AuditEvent::fromJson(const QJsonObject &o, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<AuditEvent> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    AuditEvent e;
    e.id = o.value("id").toString();
    if (QUuid::fromString(e.id).isNull())
        return fail(
            QStringLiteral("id: must be a UUID, e.g. 0b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e"));
    e.action = o.value("action").toString();
    if (!isValidAction(e.action))
        return fail(QStringLiteral("action: \"%1\" is not lowercase words separated by dots, "
                                   "entity first and action last (e.g. workflow.job.start)")
                        .arg(e.action));
    for (const auto &[name, field] :
         {std::pair{"actor", &e.actor}, std::pair{"target", &e.target},
          std::pair{"scope", &e.scope}, std::pair{"request", &e.request},
          std::pair{"payload", &e.payload}}) {
        const QJsonValue v = o.value(QLatin1String(name));
        if (!v.isUndefined() && !v.isNull() && !v.isObject())
            return fail(QStringLiteral("%1: must be a JSON object").arg(QLatin1String(name)));
        *field = v.toObject();
    }
    const QJsonValue meta = o.value("metadata");
    if (!meta.isUndefined() && !meta.isNull() && !meta.isObject())
        return fail(QStringLiteral("metadata: must be an object of string values"));
    const QJsonObject metaObject = meta.toObject();
    for (auto it = metaObject.begin(); it != metaObject.end(); ++it) {
        if (!it.value().isString())
            return fail(QStringLiteral("metadata.%1: values must be strings").arg(it.key()));
        e.metadata.insert(it.key(), it.value().toString());
    }
    const auto time = parseTime(o.value("occurred_at").toString());
    if (!time)
        return fail(QStringLiteral("occurred_at: must be %1").arg(timeForm()));
    e.occurredAtNs = *time;
    const QJsonValue version = o.value("version");
    if (!version.isUndefined() && (!version.isDouble() || version.toInt() < 1))
        return fail(QStringLiteral("version: must be a positive integer"));
    e.version = version.isUndefined() ? 1 : version.toInt();
    const QJsonValue success = o.value("success");
    if (!success.isBool())
        return fail(QStringLiteral("success: must be true or false"));
    e.success = success.toBool();
    return e;
}

} // namespace gantry
