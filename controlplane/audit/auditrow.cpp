#include "auditrow.h"

#include "compactjson.h"

#include <QJsonDocument>
#include <QUuid>

namespace gantry {

namespace {

QString entityField(const QJsonObject &entity, const char *key)
{
    const QJsonValue v = entity.value(QLatin1String(key));
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return v.toVariant().toString();
    return {};
}

// The form ids are stored in (lower-case, hyphens, no braces): most events already have it.
bool isStoredUuidForm(const QString &id)
{
    if (id.size() != 36)
        return false;
    for (qsizetype i = 0; i < 36; ++i) {
        const char16_t c = id.at(i).unicode();
        const bool ok = (i == 8 || i == 13 || i == 18 || i == 23)
                            ? c == u'-'
                            : (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
        if (!ok)
            return false;
    }
    return true;
}

QJsonObject parseObject(const QString &json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object();
}

} // namespace

AuditRow AuditRow::fromEvent(const AuditEvent &e)
{
    AuditRow r;
    if (isStoredUuidForm(e.id)) {
        r.id = e.id;
    } else {
        const QUuid uuid = QUuid::fromString(e.id);
        r.id = uuid.isNull() ? e.id : uuid.toString(QUuid::WithoutBraces);
    }
    r.action = e.action;
    r.actor = CompactJson::write(e.actor);
    r.target = CompactJson::write(e.target);
    r.scope = CompactJson::write(e.scope);
    r.request = CompactJson::write(e.request);
    r.payload = CompactJson::write(e.payload);
    QJsonObject meta;
    for (auto it = e.metadata.cbegin(); it != e.metadata.cend(); ++it)
        meta.insert(it.key(), it.value());
    r.metadata = CompactJson::write(meta);
    r.occurredAtNs = e.occurredAtNs;
    r.version = e.version;
    r.success = e.success;
    r.actorId = entityField(e.actor, "id");
    r.actorName = entityField(e.actor, "name");
    r.targetId = entityField(e.target, "id");
    r.targetName = entityField(e.target, "name");
    return r;
}

AuditEvent AuditRow::toEvent() const
{
    AuditEvent e;
    e.id = id;
    e.action = action;
    e.actor = parseObject(actor);
    e.target = parseObject(target);
    e.scope = parseObject(scope);
    e.request = parseObject(request);
    e.payload = parseObject(payload);
    const QJsonObject meta = parseObject(metadata);
    for (auto it = meta.begin(); it != meta.end(); ++it)
        e.metadata.insert(it.key(), it.value().toString());
    e.occurredAtNs = occurredAtNs;
    e.version = version;
    e.success = success;
    return e;
}

} // namespace gantry
