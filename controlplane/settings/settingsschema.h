// The settings schema (resources/schema.yaml): groups of typed items that drive validation in
// gantryd, the generated forms of the GUI and gantryctl.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace gantry {

class SettingsDocument;

enum class ItemType { Text, Password, Bool, SelectOne, Integer, File, Textarea, List, Map };

struct SchemaCondition
{
    QString path;      // full path of the item the condition reads, e.g. "ldap.enabled"
    QJsonArray values; // the item must equal one of these
};

struct SchemaItem
{
    QString group;
    QString name; // within the group, may be dotted: "cloudwatch.enabled"
    QString path; // "<group>.<name>"
    QString label;
    QString help;
    ItemType type = ItemType::Text;
    bool required = false;
    bool secret = false;
    bool writeOnce = false;
    QJsonValue defaultValue; // Undefined when there is none
    QJsonArray options;      // select_one: [{value, label}]
    std::optional<qint64> min;
    std::optional<qint64> max;
    QString pattern;  // full match
    QString expected; // expected form shown with a pattern error
    QString validator;
    QString itemValidator;  // list entries
    QString keyValidator;   // map keys
    QString valueValidator; // map values
    QList<SchemaCondition> when;
    QJsonObject presets; // select_one: option -> {item name: value}
    QJsonObject raw;     // the entry as written, for toJson()

    bool isScalarText() const
    {
        return type == ItemType::Text || type == ItemType::Password || type == ItemType::File ||
               type == ItemType::Textarea || type == ItemType::SelectOne;
    }
};

struct SchemaGroup
{
    QString name;
    QString label;
    QString help;
    QList<SchemaItem> items;
};

class SettingsSchema final
{
public:
    // Parses schema YAML (the primary form: the lead embeds it as :/schema.yaml). nullopt with
    // the reason in *error when the text is not a valid schema.
    static std::optional<SettingsSchema> fromYaml(const QByteArray &yaml, QString *error);
    static std::optional<SettingsSchema> fromFile(const QString &path, QString *error);

    const QList<SchemaGroup> &groups() const { return m_groups; }
    const SchemaGroup *group(const QString &name) const;
    const SchemaItem *item(const QString &path) const;
    QList<const SchemaItem *> items() const;
    QStringList groupNames() const;

    // Whether `item` is shown for `document`: every `when` condition holds (defaults apply).
    bool isShown(const SchemaItem &item, const SettingsDocument &document) const;

    // GET /v1/settings/schema: {"groups": [{name, label, help, items: [...]}]}, items as written
    // with `path` added.
    QJsonObject toJson() const;

    static QString typeName(ItemType type);

private:
    QList<SchemaGroup> m_groups;
    QMap<QString, int> m_groupIndex;         // group name -> index
    QMap<QString, QPair<int, int>> m_byPath; // path -> (group, item)
};

} // namespace gantry
