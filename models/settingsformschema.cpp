#include "settingsformschema.h"

#include <QCoreApplication>

namespace gantry {

QString SettingsItemSpec::translatedLabel() const
{
    return QCoreApplication::translate("SettingsSchema", label.toUtf8().constData());
}

QString SettingsItemSpec::translatedHelp() const
{
    return help.isEmpty()
               ? QString()
               : QCoreApplication::translate("SettingsSchema", help.toUtf8().constData());
}

SettingsFormSchema SettingsFormSchema::fromJson(const QJsonObject &schema)
{
    SettingsFormSchema out;
    for (const QJsonValue &g : schema.value("groups").toArray()) {
        const QJsonObject go = g.toObject();
        SettingsGroupSpec group;
        group.name = go.value("name").toString();
        group.label = go.value("label").toString();
        group.help = go.value("help").toString();
        QStringList names;
        for (const QJsonValue &i : go.value("items").toArray())
            names << i.toObject().value("name").toString();
        for (const QJsonValue &i : go.value("items").toArray()) {
            const QJsonObject io = i.toObject();
            SettingsItemSpec item;
            item.group = group.name;
            item.name = io.value("name").toString();
            item.path = io.value("path").toString();
            if (item.path.isEmpty())
                item.path = group.name + QLatin1Char('.') + item.name;
            item.label = io.value("label").toString(item.name);
            item.type = io.value("type").toString(QStringLiteral("text"));
            item.help = io.value("help").toString();
            item.required = io.value("required").toBool();
            item.secret = io.value("secret").toBool();
            item.writeOnce = io.value("write_once").toBool();
            item.defaultValue = io.value("default");
            for (const QJsonValue &o : io.value("options").toArray())
                item.options.append({o.toObject().value("value").toString(),
                                     o.toObject().value("label").toString()});
            if (io.value("min").isDouble())
                item.min = io.value("min").toInteger();
            if (io.value("max").isDouble())
                item.max = io.value("max").toInteger();
            item.pattern = io.value("pattern").toString();
            item.expected = io.value("expected").toString();
            item.validator = io.value("validator").toString();
            item.itemValidator = io.value("item_validator").toString();
            const QJsonObject when = io.value("when").toObject();
            for (auto it = when.begin(); it != when.end(); ++it) {
                const QString key = it.key();
                const QString path =
                    names.contains(key) ? group.name + QLatin1Char('.') + key : key;
                item.when.append(
                    {path, it.value().isArray() ? it.value().toArray() : QJsonArray{it.value()}});
            }
            item.presets = io.value("presets").toObject();
            group.items.append(item);
        }
        out.m_groups.append(group);
    }
    return out;
}

const SettingsGroupSpec *SettingsFormSchema::group(const QString &name) const
{
    for (const SettingsGroupSpec &g : m_groups)
        if (g.name == name)
            return &g;
    return nullptr;
}

const SettingsItemSpec *SettingsFormSchema::item(const QString &path) const
{
    for (const SettingsGroupSpec &g : m_groups)
        for (const SettingsItemSpec &i : g.items)
            if (i.path == path)
                return &i;
    return nullptr;
}

QStringList SettingsFormSchema::paths() const
{
    QStringList out;
    for (const SettingsGroupSpec &g : m_groups)
        for (const SettingsItemSpec &i : g.items)
            out << i.path;
    return out;
}

bool SettingsFormSchema::isShown(const QString &path, const ValueLookup &value) const
{
    const SettingsItemSpec *spec = item(path);
    if (!spec)
        return false;
    for (const auto &[key, allowed] : spec->when) {
        // A condition on a hidden item is false: its value does not count.
        if (key != path && item(key) && !isShown(key, value))
            return false;
        if (!allowed.contains(value(key)))
            return false;
    }
    return true;
}

QJsonValue SettingsFormSchema::valueAt(const QJsonObject &nested, const QString &path)
{
    const QStringList parts = path.split(QLatin1Char('.'));
    QJsonValue v = nested;
    for (const QString &p : parts) {
        if (!v.isObject())
            return QJsonValue(QJsonValue::Undefined);
        v = v.toObject().value(p);
    }
    return v;
}

void SettingsFormSchema::setValueAt(QJsonObject &nested, const QString &path,
                                    const QJsonValue &value)
{
    const int dot = path.indexOf(QLatin1Char('.'));
    if (dot < 0) {
        nested.insert(path, value);
        return;
    }
    const QString head = path.left(dot);
    QJsonObject child = nested.value(head).toObject();
    setValueAt(child, path.mid(dot + 1), value);
    nested.insert(head, child);
}

QString SettingsFormSchema::displayText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QCoreApplication::translate("SettingsSchema", "(not set)");
    case QJsonValue::Bool:
        return value.toBool() ? QCoreApplication::translate("SettingsSchema", "on")
                              : QCoreApplication::translate("SettingsSchema", "off");
    case QJsonValue::Double:
        return QString::number(value.toInteger());
    case QJsonValue::String: {
        const QString s = value.toString();
        if (s.startsWith(QLatin1String("-----BEGIN"))) {
            const int blocks = s.count(QLatin1String("-----BEGIN"));
            return QCoreApplication::translate("SettingsSchema", "PEM, %n block(s)", nullptr,
                                               blocks);
        }
        const QString line = s.section(QLatin1Char('\n'), 0, 0);
        return line.size() > 60 || s.contains(QLatin1Char('\n'))
                   ? line.left(60) + QStringLiteral("…")
                   : s;
    }
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue &v : value.toArray())
            parts << displayText(v);
        return parts.isEmpty() ? QCoreApplication::translate("SettingsSchema", "(empty)")
                               : parts.join(QStringLiteral(", "));
    }
    case QJsonValue::Object: {
        QStringList parts;
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            parts << it.key() + QLatin1Char('=') + displayText(it.value());
        return parts.isEmpty() ? QCoreApplication::translate("SettingsSchema", "(empty)")
                               : parts.join(QStringLiteral(", "));
    }
    }
    return {};
}

} // namespace gantry
