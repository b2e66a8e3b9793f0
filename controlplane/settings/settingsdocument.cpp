#include "settingsdocument.h"

#include "settingsschema.h"
#include "yamljson.h"

#include <QJsonArray>

#include <yaml-cpp/yaml.h>

namespace gantry {

std::optional<QString> SettingsDocument::secret(const QString &path) const
{
    const auto it = m_secrets.constFind(path);
    if (it == m_secrets.cend())
        return std::nullopt;
    return *it;
}

QJsonValue SettingsDocument::effective(const SchemaItem &item) const
{
    if (item.secret) {
        const auto s = secret(item.path);
        return s ? QJsonValue(*s) : QJsonValue(QJsonValue::Undefined);
    }
    const QJsonValue v = value(item.path);
    if (!v.isUndefined() && !v.isNull())
        return v;
    return item.defaultValue;
}

void SettingsDocument::setNested(QJsonObject &object, const QString &path, const QJsonValue &value)
{
    const qsizetype dot = path.indexOf(u'.');
    if (dot < 0) {
        object.insert(path, value);
        return;
    }
    const QString head = path.left(dot);
    QJsonObject child = object.value(head).toObject();
    setNested(child, path.mid(dot + 1), value);
    object.insert(head, child);
}

bool SettingsDocument::isEmptyValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
    case QJsonValue::Null:
        return true;
    case QJsonValue::String:
        return value.toString().isEmpty();
    case QJsonValue::Array:
        return value.toArray().isEmpty();
    case QJsonValue::Object:
        return value.toObject().isEmpty();
    default:
        return false;
    }
}

QByteArray SettingsDocument::toYaml(const SettingsSchema &schema) const
{
    return yaml(schema, SecretForm::Omit);
}

QByteArray SettingsDocument::toDraftYaml(const SettingsSchema &schema, bool includeSecrets) const
{
    return yaml(schema, includeSecrets ? SecretForm::Plaintext : SecretForm::Marker);
}

QByteArray SettingsDocument::yaml(const SettingsSchema &schema, SecretForm secrets) const
{
    QJsonObject nested;
    // Schema order keeps the file stable and readable; values the schema does not know are
    // never kept (the parser refuses them), so nothing is lost.
    for (const SchemaItem *item : schema.items()) {
        if (item->secret) {
            const auto s = secret(item->path);
            if (secrets == SecretForm::Marker)
                setNested(nested, item->path,
                          s ? QJsonValue(QJsonObject{{"set", true}}) : QJsonValue());
            else if (secrets == SecretForm::Plaintext)
                setNested(nested, item->path, s ? QJsonValue(*s) : QJsonValue());
            continue;
        }
        const QJsonValue v = value(item->path);
        if (!v.isUndefined())
            setNested(nested, item->path, v);
    }
    YAML::Emitter out;
    out << YAML::BeginMap;
    for (const auto &group : schema.groups()) {
        if (!nested.contains(group.name))
            continue;
        out << YAML::Key << group.name.toStdString() << YAML::Value;
        YamlJson::write(out, nested.value(group.name));
    }
    out << YAML::EndMap;
    QByteArray text(out.c_str());
    if (nested.isEmpty())
        text = "{}";
    return text + '\n';
}

QJsonObject SettingsDocument::toApiJson(const SettingsSchema &schema) const
{
    QJsonObject nested;
    for (const SchemaItem *item : schema.items()) {
        if (item->secret) {
            setNested(nested, item->path, QJsonObject{{"set", m_secrets.contains(item->path)}});
            continue;
        }
        const QJsonValue v = effective(*item);
        setNested(nested, item->path, v.isUndefined() ? QJsonValue(QJsonValue::Null) : v);
    }
    return nested;
}

} // namespace gantry
