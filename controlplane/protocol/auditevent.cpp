#include "auditevent.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QUuid>

#include <chrono>

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

bool AuditEvent::isValidAction(const QString &action)
{
    static const QRegularExpression re(QStringLiteral("^[a-z]+(_[a-z]+)*(\\.[a-z]+(_[a-z]+)*)+$"));
    return re.match(action).hasMatch();
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

std::optional<qint64> AuditEvent::parseTime(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(
        "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d{1,9}))?(Z|\\+00:00)$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    QDateTime dt = QDateTime::fromString(m.captured(1), QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    if (!dt.isValid())
        return std::nullopt;
    dt.setTimeSpec(Qt::UTC);
    QString fraction = m.captured(2);
    fraction = fraction.leftJustified(9, QLatin1Char('0'));
    return dt.toSecsSinceEpoch() * 1000000000 + fraction.toLongLong();
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
        return fail(QStringLiteral("occurred_at: must be UTC ISO-8601 with up to 9 fractional "
                                   "digits, e.g. 2017-12-21T13:50:54.474Z"));
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
