#include "draftparser.h"

#include "settingsschema.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <yaml-cpp/yaml.h>

namespace gantry {

namespace {

QString at(const YAML::Mark &mark)
{
    return QStringLiteral(" (line %1, column %2)").arg(mark.line + 1).arg(mark.column + 1);
}

QString describe(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Sequence:
        return QStringLiteral("a list");
    case YAML::NodeType::Map:
        return QStringLiteral("a mapping");
    case YAML::NodeType::Null:
        return QStringLiteral("null");
    default:
        return QStringLiteral("a scalar");
    }
}

class Reader final
{
public:
    Reader(const SettingsSchema &schema, SettingsDraft *draft)
        : m_schema(schema)
        , m_draft(draft)
    {}

    void readRoot(const YAML::Node &root)
    {
        if (root.IsNull())
            return;
        if (!root.IsMap()) {
            error({}, QStringLiteral("the document must be a mapping of groups, got %1%2; expected "
                                     "e.g. general: {hostname: ci.example.com}")
                          .arg(describe(root), at(root.Mark())));
            return;
        }
        QSet<QString> seen;
        for (const auto &kv : root) {
            const QString name = QString::fromStdString(kv.first.Scalar());
            if (seen.contains(name)) {
                error(name, QStringLiteral("%1: duplicate group%2").arg(name, at(kv.first.Mark())));
                continue;
            }
            seen.insert(name);
            const SchemaGroup *group = m_schema.group(name);
            if (!group) {
                error(name, QStringLiteral("%1: unknown group%2; expected one of: %3")
                                .arg(name, at(kv.first.Mark()),
                                     m_schema.groupNames().join(QStringLiteral(", "))));
                continue;
            }
            readMap(*group, QString(), kv.second);
        }
    }

private:
    void error(const QString &field, const QString &message)
    {
        m_draft->errors.append({field, message});
    }

    QStringList namesUnder(const SchemaGroup &group, const QString &prefix) const
    {
        QStringList names;
        for (const auto &item : group.items) {
            if (!item.name.startsWith(prefix))
                continue;
            const QString rest = item.name.mid(prefix.size());
            const QString first = rest.section(u'.', 0, 0);
            if (!names.contains(first))
                names.append(first);
        }
        return names;
    }

    // `prefix` is "" for the group itself, or "cloudwatch." inside a nested mapping.
    void readMap(const SchemaGroup &group, const QString &prefix, const YAML::Node &node)
    {
        const QString here = group.name + u'.' + prefix;
        if (node.IsNull())
            return;
        if (!node.IsMap()) {
            error(here.chopped(1), QStringLiteral("%1: expected a mapping of settings, got %2%3")
                                       .arg(here.chopped(1), describe(node), at(node.Mark())));
            return;
        }
        QSet<QString> seen;
        for (const auto &kv : node) {
            const QString key = QString::fromStdString(kv.first.Scalar());
            const QString name = prefix + key;
            const QString path = group.name + u'.' + name;
            if (seen.contains(key)) {
                error(path, QStringLiteral("%1: duplicate key%2").arg(path, at(kv.first.Mark())));
                continue;
            }
            seen.insert(key);
            if (key.contains(u'.')) {
                // One representation only: a dotted name is a nested mapping, so the same item
                // cannot be given twice in two spellings.
                error(path, QStringLiteral("%1: dotted key%2; expected nested mappings, e.g. "
                                           "%3: {%4: ...}")
                                .arg(path, at(kv.first.Mark()), key.section(u'.', 0, 0),
                                     key.section(u'.', 1)));
                continue;
            }
            if (const SchemaItem *item = m_schema.item(path)) {
                m_draft->positions.insert(path,
                                          {kv.first.Mark().line + 1, kv.first.Mark().column + 1});
                readItem(*item, kv.second);
            } else if (!namesUnder(group, name + u'.').isEmpty()) {
                readMap(group, name + u'.', kv.second);
            } else {
                error(path, QStringLiteral("%1: unknown setting%2; expected one of: %3")
                                .arg(path, at(kv.first.Mark()),
                                     namesUnder(group, prefix).join(QStringLiteral(", "))));
            }
        }
    }

    void typeError(const SchemaItem &item, const YAML::Node &node, const QString &expected)
    {
        error(item.path, QStringLiteral("%1: expected %2, got %3%4")
                             .arg(item.path, expected, describe(node), at(node.Mark())));
    }

    void readSecret(const SchemaItem &item, const YAML::Node &node)
    {
        if (node.IsNull() || (node.IsScalar() && node.Scalar().empty())) {
            m_draft->secretActions.insert(item.path, SecretAction::Clear);
        } else if (node.IsScalar()) {
            m_draft->secretActions.insert(item.path, SecretAction::Set);
            m_draft->document.setSecret(item.path, QString::fromStdString(node.Scalar()));
        } else if (node.IsMap() && node.size() == 1 && node["set"] && node["set"].IsScalar() &&
                   (node["set"].Scalar() == "true" || node["set"].Scalar() == "false")) {
            m_draft->secretActions.insert(item.path, node["set"].Scalar() == "true"
                                                         ? SecretAction::Keep
                                                         : SecretAction::Clear);
        } else {
            typeError(item, node,
                      QStringLiteral("a string (set the secret), {set: true} (keep it) or null "
                                     "(clear it)"));
        }
    }

    void readItem(const SchemaItem &item, const YAML::Node &node)
    {
        if (item.secret) {
            readSecret(item, node);
            return;
        }
        if (node.IsNull())
            return; // left out: the default applies
        switch (item.type) {
        case ItemType::Bool: {
            bool value = false;
            if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
                typeError(item, node, QStringLiteral("true or false"));
                return;
            }
            m_draft->document.setValue(item.path, value);
            return;
        }
        case ItemType::Integer: {
            bool ok = false;
            const qlonglong value =
                node.IsScalar() ? QString::fromStdString(node.Scalar()).toLongLong(&ok) : 0;
            if (!ok) {
                typeError(item, node, QStringLiteral("a whole number"));
                return;
            }
            m_draft->document.setValue(item.path, double(value));
            return;
        }
        case ItemType::List: {
            if (!node.IsSequence()) {
                typeError(item, node, QStringLiteral("a list of strings, e.g. [a, b]"));
                return;
            }
            QJsonArray array;
            for (const auto &entry : node) {
                if (!entry.IsScalar()) {
                    typeError(item, entry, QStringLiteral("a list of strings"));
                    return;
                }
                array.append(QString::fromStdString(entry.Scalar()));
            }
            m_draft->document.setValue(item.path, array);
            return;
        }
        case ItemType::Map: {
            if (!node.IsMap()) {
                typeError(item, node,
                          QStringLiteral("a mapping of names to strings, e.g. {NAME: value}"));
                return;
            }
            QJsonObject object;
            for (const auto &kv : node) {
                if (!kv.first.IsScalar() || !kv.second.IsScalar()) {
                    typeError(item, kv.second.IsScalar() ? kv.first : kv.second,
                              QStringLiteral("a mapping of names to strings"));
                    return;
                }
                const QString key = QString::fromStdString(kv.first.Scalar());
                if (object.contains(key)) {
                    error(item.path + u'.' + key, QStringLiteral("%1.%2: duplicate key%3")
                                                      .arg(item.path, key, at(kv.first.Mark())));
                    return;
                }
                object.insert(key, QString::fromStdString(kv.second.Scalar()));
            }
            m_draft->document.setValue(item.path, object);
            return;
        }
        default:
            if (!node.IsScalar()) {
                typeError(item, node, QStringLiteral("a string"));
                return;
            }
            m_draft->document.setValue(item.path, QString::fromStdString(node.Scalar()));
        }
    }

    const SettingsSchema &m_schema;
    SettingsDraft *m_draft;
};

void applyPresets(const SettingsSchema &schema, SettingsDraft *draft)
{
    for (const SchemaItem *item : schema.items()) {
        if (item->presets.isEmpty())
            continue;
        const QString chosen = draft->document.effective(*item).toString();
        const QJsonObject preset = item->presets.value(chosen).toObject();
        for (auto it = preset.begin(); it != preset.end(); ++it) {
            const QString path = item->group + u'.' + it.key();
            if (draft->document.value(path).isUndefined())
                draft->document.setValue(path, it.value());
        }
    }
}

} // namespace

QString SettingsDraft::where(const QString &path) const
{
    const auto it = positions.constFind(path);
    if (it == positions.cend())
        return {};
    return QStringLiteral(" (line %1, column %2)").arg(it->first).arg(it->second);
}

SettingsDraft DraftParser::parse(const SettingsSchema &schema, const QByteArray &yaml)
{
    SettingsDraft draft;
    for (const SchemaItem *item : schema.items()) {
        if (item->secret)
            draft.secretActions.insert(item->path, SecretAction::Keep);
    }
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception &e) {
        draft.errors.append({QString(), QStringLiteral("line %1, column %2: %3")
                                            .arg(e.mark.line + 1)
                                            .arg(e.mark.column + 1)
                                            .arg(QString::fromStdString(e.msg))});
        return draft;
    }
    Reader(schema, &draft).readRoot(root);
    applyPresets(schema, &draft);
    return draft;
}

SettingsDocument DraftParser::resolve(const SettingsDraft &draft, const SettingsDocument &stored)
{
    SettingsDocument result;
    for (auto it = draft.document.values().begin(); it != draft.document.values().end(); ++it)
        result.setValue(it.key(), it.value());
    for (auto it = draft.secretActions.begin(); it != draft.secretActions.end(); ++it) {
        switch (it.value()) {
        case SecretAction::Keep:
            if (const auto s = stored.secret(it.key()))
                result.setSecret(it.key(), *s);
            break;
        case SecretAction::Set:
            result.setSecret(it.key(), *draft.document.secret(it.key()));
            break;
        case SecretAction::Clear:
            break;
        }
    }
    return result;
}

} // namespace gantry
