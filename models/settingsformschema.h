// The settings schema of GET /v1/settings/schema as the console reads it: groups of typed items
// with their `when` conditions, so pages are generated from it and never coded per setting.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace gantry {

struct SettingsOption
{
    QString value;
    QString label;
};

struct SettingsItemSpec
{
    QString group;
    QString name; // may be dotted: "cloudwatch.enabled"
    QString path; // "<group>.<name>"
    QString label;
    QString type; // text|password|bool|select_one|integer|file|textarea|list|map
    QString help;
    bool required = false;
    bool secret = false;
    bool writeOnce = false;
    QJsonValue defaultValue;
    QList<SettingsOption> options;
    std::optional<qint64> min;
    std::optional<qint64> max;
    QString pattern;
    QString expected;
    QString validator;
    QString itemValidator; // list: applied to every entry
    // Full path of the item each condition reads -> the values that show this item.
    QList<QPair<QString, QJsonArray>> when;
    QJsonObject presets; // option value -> {item name: value}

    // The label and help as the translator wrote them (context "SettingsSchema").
    QString translatedLabel() const;
    QString translatedHelp() const;
};

struct SettingsGroupSpec
{
    QString name;
    QString label;
    QString help;
    QList<SettingsItemSpec> items;
};

class SettingsFormSchema final
{
public:
    using ValueLookup = std::function<QJsonValue(const QString &path)>;

    static SettingsFormSchema fromJson(const QJsonObject &schema);

    bool isEmpty() const { return m_groups.isEmpty(); }
    const QList<SettingsGroupSpec> &groups() const { return m_groups; }
    const SettingsGroupSpec *group(const QString &name) const;
    const SettingsItemSpec *item(const QString &path) const;
    QStringList paths() const; // every item path, in schema order

    // Whether the item is shown (and so required, when it is required) for these values.
    bool isShown(const QString &path, const ValueLookup &value) const;

    // The value at `path` of a nested settings object ({"metrics": {"cloudwatch": {...}}}).
    static QJsonValue valueAt(const QJsonObject &nested, const QString &path);
    static void setValueAt(QJsonObject &nested, const QString &path, const QJsonValue &value);

    // A value as one line of text for people: lists joined, maps as k=v, PEM as its first line.
    static QString displayText(const QJsonValue &value);

private:
    QList<SettingsGroupSpec> m_groups;
};

} // namespace gantry
