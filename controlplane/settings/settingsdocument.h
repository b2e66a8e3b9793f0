// One settings document: the values of the schema's items by path, with the secret items kept
// apart so that no code path writes them next to the plain values by accident.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>
#include <optional>

namespace gantry {

class SettingsSchema;
struct SchemaItem;

class SettingsDocument final
{
public:
    // Plain (non-secret) values; Undefined when the document leaves the item out.
    QJsonValue value(const QString &path) const
    {
        return m_values.value(path, QJsonValue::Undefined);
    }
    void setValue(const QString &path, const QJsonValue &value) { m_values.insert(path, value); }
    void removeValue(const QString &path) { m_values.remove(path); }
    const QMap<QString, QJsonValue> &values() const { return m_values; }

    std::optional<QString> secret(const QString &path) const;
    void setSecret(const QString &path, const QString &value) { m_secrets.insert(path, value); }
    void clearSecret(const QString &path) { m_secrets.remove(path); }
    const QMap<QString, QString> &secrets() const { return m_secrets; }

    // The value the installation uses: the document's, else the schema default (Undefined when
    // neither). For a secret item, its plaintext or Undefined.
    QJsonValue effective(const SchemaItem &item) const;

    // The non-secret values as nested YAML (the DATA/settings.yaml form). Secrets never appear.
    QByteArray toYaml(const SettingsSchema &schema) const;
    // A draft that DraftParser reads back into this document: secrets as {set: true} (keep) or
    // null (unset), or in plaintext when includeSecrets.
    QByteArray toDraftYaml(const SettingsSchema &schema, bool includeSecrets) const;
    // GET /v1/settings: nested object of effective values; secrets as {"set": true|false}.
    QJsonObject toApiJson(const SettingsSchema &schema) const;

    // Sets `value` at the dotted `path` of a nested object ("metrics.cloudwatch.enabled").
    static void setNested(QJsonObject &object, const QString &path, const QJsonValue &value);
    static bool isEmptyValue(const QJsonValue &value);

    bool operator==(const SettingsDocument &) const = default;

private:
    enum class SecretForm { Omit, Marker, Plaintext };
    QByteArray yaml(const SettingsSchema &schema, SecretForm secrets) const;

    QMap<QString, QJsonValue> m_values;
    QMap<QString, QString> m_secrets;
};

} // namespace gantry
