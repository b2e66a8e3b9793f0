#include "settingsschema.h"

#include "settingsdocument.h"
#include "validators.h"
#include "yamljson.h"

#include <QFile>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace gantry {

namespace {

const QMap<QString, ItemType> &typeNames()
{
    static const QMap<QString, ItemType> names{
        {QStringLiteral("text"), ItemType::Text},
        {QStringLiteral("password"), ItemType::Password},
        {QStringLiteral("bool"), ItemType::Bool},
        {QStringLiteral("select_one"), ItemType::SelectOne},
        {QStringLiteral("integer"), ItemType::Integer},
        {QStringLiteral("file"), ItemType::File},
        {QStringLiteral("textarea"), ItemType::Textarea},
        {QStringLiteral("list"), ItemType::List},
        {QStringLiteral("map"), ItemType::Map},
    };
    return names;
}

const QStringList kItemKeys{"name",     "label",         "type",           "help",
                            "required", "default",       "options",        "min",
                            "max",      "pattern",       "expected",       "validator",
                            "secret",   "write_once",    "when",           "item_validator",
                            "presets",  "key_validator", "value_validator"};

// Reads one item entry; returns the reason when it is malformed.
QString readItem(const QJsonObject &entry, const QString &group, SchemaItem *item)
{
    for (auto it = entry.begin(); it != entry.end(); ++it) {
        if (!kItemKeys.contains(it.key()))
            return QStringLiteral("unknown item key \"%1\"").arg(it.key());
    }
    item->group = group;
    item->name = entry.value("name").toString();
    if (item->name.isEmpty())
        return QStringLiteral("an item has no name");
    item->path = group + u'.' + item->name;
    item->label = entry.value("label").toString();
    item->help = entry.value("help").toString();
    if (item->label.isEmpty() || item->help.isEmpty())
        return QStringLiteral("%1 needs a label and help").arg(item->path);
    const QString type = entry.value("type").toString();
    if (!typeNames().contains(type))
        return QStringLiteral("%1 has unknown type \"%2\"").arg(item->path, type);
    item->type = typeNames().value(type);
    item->required = entry.value("required").toBool();
    item->secret = entry.value("secret").toBool();
    item->writeOnce = entry.value("write_once").toBool();
    if (entry.contains("default"))
        item->defaultValue = entry.value("default");
    if (item->type == ItemType::SelectOne) {
        for (const auto &option : entry.value("options").toArray()) {
            const QJsonObject o = option.isObject()
                                      ? option.toObject()
                                      : QJsonObject{{"value", option}, {"label", option}};
            item->options.append(o);
        }
        if (item->options.isEmpty())
            return QStringLiteral("%1 is select_one without options").arg(item->path);
    }
    if (entry.contains("min"))
        item->min = entry.value("min").toInteger();
    if (entry.contains("max"))
        item->max = entry.value("max").toInteger();
    item->pattern = entry.value("pattern").toString();
    item->expected = entry.value("expected").toString();
    if (!item->pattern.isEmpty()) {
        if (!QRegularExpression(item->pattern).isValid())
            return QStringLiteral("%1 has an invalid pattern").arg(item->path);
        if (item->expected.isEmpty())
            return QStringLiteral("%1 has a pattern without `expected`").arg(item->path);
    }
    item->validator = entry.value("validator").toString();
    item->itemValidator = entry.value("item_validator").toString();
    item->keyValidator = entry.value("key_validator").toString();
    item->valueValidator = entry.value("value_validator").toString();
    for (const QString &name :
         {item->validator, item->itemValidator, item->keyValidator, item->valueValidator}) {
        if (!name.isEmpty() && !Validators::exists(name))
            return QStringLiteral("%1 names unknown validator \"%2\"").arg(item->path, name);
    }
    item->presets = entry.value("presets").toObject();
    item->raw = entry;
    return {};
}

} // namespace

std::optional<SettingsSchema> SettingsSchema::fromYaml(const QByteArray &yaml, QString *error)
{
    QJsonValue root;
    try {
        root = YamlJson::toJson(YAML::Load(yaml.toStdString()));
    } catch (const YAML::Exception &e) {
        *error = QStringLiteral("schema: line %1, column %2: %3")
                     .arg(e.mark.line + 1)
                     .arg(e.mark.column + 1)
                     .arg(QString::fromStdString(e.msg));
        return std::nullopt;
    }
    SettingsSchema schema;
    const QJsonArray groups = root.toObject().value("groups").toArray();
    if (groups.isEmpty()) {
        *error = QStringLiteral("schema: no groups");
        return std::nullopt;
    }
    for (const auto &g : groups) {
        const QJsonObject object = g.toObject();
        SchemaGroup group;
        group.name = object.value("name").toString();
        group.label = object.value("label").toString();
        group.help = object.value("help").toString();
        if (group.name.isEmpty() || schema.m_groupIndex.contains(group.name)) {
            *error =
                QStringLiteral("schema: missing or duplicate group name \"%1\"").arg(group.name);
            return std::nullopt;
        }
        for (const auto &e : object.value("items").toArray()) {
            SchemaItem item;
            const QString why = readItem(e.toObject(), group.name, &item);
            if (!why.isEmpty()) {
                *error = QStringLiteral("schema: ") + why;
                return std::nullopt;
            }
            group.items.append(item);
        }
        schema.m_groupIndex.insert(group.name, int(schema.m_groups.size()));
        for (int i = 0; i < group.items.size(); ++i)
            schema.m_byPath.insert(group.items[i].path, {int(schema.m_groups.size()), i});
        schema.m_groups.append(group);
    }
    // `when` keys resolve once every path is known: an item of the same group, else a full path.
    for (auto &group : schema.m_groups) {
        for (auto &item : group.items) {
            const QJsonObject when = item.raw.value("when").toObject();
            for (auto it = when.begin(); it != when.end(); ++it) {
                QString path = group.name + u'.' + it.key();
                if (!schema.m_byPath.contains(path))
                    path = it.key();
                if (!schema.m_byPath.contains(path)) {
                    *error = QStringLiteral("schema: %1 has `when` on unknown item \"%2\"")
                                 .arg(item.path, it.key());
                    return std::nullopt;
                }
                const QJsonArray values =
                    it.value().isArray() ? it.value().toArray() : QJsonArray{it.value()};
                item.when.append({path, values});
            }
            for (auto it = item.presets.begin(); it != item.presets.end(); ++it) {
                const QJsonObject preset = it.value().toObject();
                for (auto p = preset.begin(); p != preset.end(); ++p) {
                    if (!schema.m_byPath.contains(group.name + u'.' + p.key())) {
                        *error = QStringLiteral("schema: %1 preset names unknown item \"%2\"")
                                     .arg(item.path, p.key());
                        return std::nullopt;
                    }
                }
            }
        }
    }
    // `when` must not loop: isShown() follows the conditions.
    for (const SchemaItem *item : schema.items()) {
        QList<const SchemaItem *> todo{item};
        for (int steps = 0; !todo.isEmpty(); ++steps) {
            if (steps > schema.m_byPath.size()) {
                *error = QStringLiteral("schema: the `when` conditions of %1 form a cycle")
                             .arg(item->path);
                return std::nullopt;
            }
            const SchemaItem *next = todo.takeFirst();
            for (const auto &condition : next->when)
                todo.append(schema.item(condition.path));
        }
    }
    return schema;
}

std::optional<SettingsSchema> SettingsSchema::fromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return fromYaml(file.readAll(), error);
}

const SchemaGroup *SettingsSchema::group(const QString &name) const
{
    const auto it = m_groupIndex.constFind(name);
    return it == m_groupIndex.cend() ? nullptr : &m_groups[*it];
}

const SchemaItem *SettingsSchema::item(const QString &path) const
{
    const auto it = m_byPath.constFind(path);
    return it == m_byPath.cend() ? nullptr : &m_groups[it->first].items[it->second];
}

QList<const SchemaItem *> SettingsSchema::items() const
{
    QList<const SchemaItem *> all;
    for (const auto &group : m_groups) {
        for (const auto &item : group.items)
            all.append(&item);
    }
    return all;
}

QStringList SettingsSchema::groupNames() const
{
    QStringList names;
    for (const auto &group : m_groups)
        names.append(group.name);
    return names;
}

bool SettingsSchema::isShown(const SchemaItem &item, const SettingsDocument &document) const
{
    for (const auto &condition : item.when) {
        const SchemaItem *other = this->item(condition.path);
        if (!other || !isShown(*other, document))
            return false;
        const QJsonValue value = document.effective(*other);
        if (!condition.values.contains(value))
            return false;
    }
    return true;
}

QJsonObject SettingsSchema::toJson() const
{
    QJsonArray groups;
    for (const auto &group : m_groups) {
        QJsonArray items;
        for (const auto &item : group.items) {
            QJsonObject o = item.raw;
            o.insert("path", item.path);
            o.insert("options", item.options);
            if (o.value("options").toArray().isEmpty())
                o.remove("options");
            items.append(o);
        }
        groups.append(QJsonObject{
            {"name", group.name}, {"label", group.label}, {"help", group.help}, {"items", items}});
    }
    return QJsonObject{{"groups", groups}};
}

QString SettingsSchema::typeName(ItemType type)
{
    return typeNames().key(type);
}

} // namespace gantry
