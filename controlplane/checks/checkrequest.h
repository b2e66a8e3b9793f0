// Reads and checks the body of a check route (POST /v1/checks/ldap|tls|proxy,
// /v1/tls/self-signed|fetch-chain) before the check runs, so that a malformed request gets one
// 400 naming every bad field with its expected form, never a check that fails for the wrong
// reason. It checks that the body is a JSON object; that the route's own fields have their type
// and form; that the settings the check reads — JSON groups, the flat fields of the form,
// or a settings_yaml draft — have the schema's types, and the items the check merely uses the
// schema's forms (what a check is there to examine, such as the PEM certificate of the TLS check,
// it reports as its own steps); and that nothing unknown is sent.
#pragma once

#include "api/apiresponse.h"
#include "protocol/apierror.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

namespace gantry {

class SettingsDocument;
class SettingsSchema;
struct SchemaItem;

class CheckRequest final
{
public:
    enum class Need { Optional, Required };

    // What a check reads from the settings.
    struct SettingsSpec
    {
        QStringList groups = {}; // the groups of the fragment, e.g. {"ldap", "tls"}
        // Items (paths, or whole groups by name) whose form the route checks with the schema.
        QStringList formChecked = {};
        // Flat request fields and the items they stand for ({"certificate", "tls.certificate"});
        // errors about those items name the flat field.
        QList<QPair<QString, QString>> flat = {};
        // Saved secrets and the items that say where they go ({"ldap.search_password",
        // {"ldap.host", "ldap.port", "ldap.encryption"}}): a kept secret ({"set": true}) is used
        // only while those items have their saved values, so a check never sends it elsewhere.
        QList<QPair<QString, QStringList>> keptSecretsGoTo = {};
    };

    // Parses `body`; `example` shows the route's body when it is not a JSON object.
    CheckRequest(const QByteArray &body, const QString &example);

    bool isObject() const { return m_bodyProblem.isEmpty(); }
    bool ok() const { return isObject() && m_errors.isEmpty(); }
    const QList<FieldError> &errors() const { return m_errors; }
    // The 400: invalid_body when the body is not a JSON object, else validation_failed with
    // every field error.
    ApiResponse refusal() const;

    // A string field; empty when absent, null, blank (then an error if required) or not a string.
    QString text(const QString &name, Need need, const QString &expected, bool trim = true);
    // A string field that must pass a named validator of the settings (hostname_or_ip, url),
    // whose expected form the errors show.
    QString formText(const QString &name, Need need, const QString &validator);
    // A whole number from min to max; `fallback` when absent or null, or after an error.
    qint64 wholeNumber(const QString &name, qint64 min, qint64 max, qint64 fallback,
                       const QString &example);

    // The fragment the check runs on: the spec's groups as the request gives them (one way only:
    // JSON groups, flat fields or settings_yaml), the other groups from `applied`. A given group
    // replaces the applied one, except secrets sent as {"set": true}, which take the saved value
    // (and settings_yaml keeps the secrets it leaves out, as a draft does).
    QJsonObject settings(const SettingsSchema &schema, const SettingsDocument &applied,
                         const SettingsSpec &spec);
    // An error when the item at `path` is empty in `fragment`: neither sent nor applied.
    void requireSetting(const QJsonObject &fragment, const QString &path, const QString &expected);
    // An error for each body field that is not one of `fields` (nor, once settings() has run,
    // settings_yaml, a flat field or a settings group).
    void refuseUnknownFields(const QStringList &fields);

    // Records an error; a message that starts with "<field>: " loses that prefix, since the
    // field is named apart. Errors about items given as flat fields name the flat field.
    void addError(const QString &field, const QString &message);

private:
    void readGroup(const SettingsSchema &schema, const QString &prefix, const QJsonValue &value,
                   QMap<QString, QJsonValue> *given);
    void readYaml(const SettingsSchema &schema, const SettingsDocument &applied,
                  const SettingsSpec &spec, QMap<QString, QJsonValue> *given,
                  QStringList *givenGroups);
    QJsonValue typed(const SchemaItem &item, const QJsonValue &value);
    QString fieldName(const QString &path) const;

    QJsonObject m_body;
    QString m_bodyProblem;
    QString m_example;
    QList<FieldError> m_errors;
    QHash<QString, QString> m_flatNames; // item path -> flat field
    QStringList m_settingsFields;        // flat fields and settings_yaml, once settings() ran
    QStringList m_groupNames;            // the schema's groups, once settings() ran
    qsizetype m_settingsErrors = 0;      // errors settings() found in what was sent
};

} // namespace gantry
