// The settings an admin is editing: the schema and the applied settings read through
// ControlPlaneClient, the unsaved values per path, `when` evaluated as they change, live
// validation by gantryd (debounced), the review list, and stage + apply with If-Match.
#pragma once

#include "apierror.h"
#include "settingsformschema.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

namespace gantry {

class ControlPlaneClient;
struct Event;

struct SettingsChange
{
    QString path;
    QString label;
    QString from; // as text for people; secrets: "set" / "not set"
    QString to;   // secrets: "changed" / "cleared"
    bool secret = false;
};

class SettingsViewModel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsViewModel)
public:
    enum class SecretState { Unset, Set, WillSet, WillClear };
    Q_ENUM(SecretState)

    explicit SettingsViewModel(ControlPlaneClient *client, QObject *parent = nullptr);

    ControlPlaneClient *client() const { return m_client; }
    void load(); // the schema (once) and the applied settings; unsaved values are kept
    bool isLoaded() const { return m_loaded; }
    QString loadError() const { return m_loadError; }
    const SettingsFormSchema &schema() const { return m_schema; }
    int version() const { return m_version; } // 0 until the first apply
    bool isBusy() const { return m_busy; }

    // Viewers read only; `reason` is what the disabled controls say.
    void setReadOnly(bool readOnly, const QString &reason = {});
    bool isReadOnly() const { return m_readOnly; }
    QString readOnlyReason() const { return m_readOnlyReason; }

    QJsonValue value(const QString &path) const; // unsaved if edited, else applied
    QJsonValue savedValue(const QString &path) const;
    void setValue(const QString &path, const QJsonValue &value);
    bool isEdited(const QString &path) const;

    SecretState secretState(const QString &path) const;
    void setSecret(const QString &path, const QString &value);
    void clearSecret(const QString &path);
    void keepSecret(const QString &path); // forget the unsaved change

    bool isShown(const QString &path) const;
    bool isRequired(const QString &path) const;
    // Write-once items are locked from the first apply on; `why` says so.
    bool isLocked(const QString &path, QString *why = nullptr) const;

    bool isDirty() const { return !m_edits.isEmpty() || !m_secretEdits.isEmpty(); }
    QList<SettingsChange> changes() const;
    QByteArray draftYaml() const;
    // The unsaved values of `groups` for the check endpoints; kept secrets as {"set": true}.
    QJsonObject fragment(const QStringList &groups) const;

    // gantryd's last verdict on the unsaved values.
    QStringList errors(const QString &path) const { return m_errors.value(path); }
    QHash<QString, QStringList> allErrors() const { return m_errors; }
    QStringList generalErrors() const { return m_generalErrors; }
    int problemCount() const;
    // The failing paths in schema order (the first is where a page scrolls to).
    QStringList failingPaths() const;
    void validateNow();

    void discard();
    // PUT /v1/settings (If-Match: the version the edits are based on), then apply.
    void stageAndApply();

    // Settings events from GET /v1/events: another console applied or rolled back.
    void handleEvent(const gantry::Event &event);

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString &error);
    void valueChanged(const QString &path);
    void visibilityChanged();
    void dirtyChanged(bool dirty);
    void errorsChanged();
    void validating(bool running);
    void readOnlyChanged(bool readOnly);
    void busyChanged(bool busy);
    void applyProgress(const QString &step);
    void applied(int version, bool restartRequired);
    // gantryd's message verbatim; field errors are in errors() and failingPaths().
    void applyFailed(const QString &message);
    void changedElsewhere(int version);

private:
    void loadSettings();
    void setErrors(const QList<FieldError> &errors);
    void scheduleValidation();
    void setBusy(bool busy);
    void apply();
    void applyPresets(const SettingsItemSpec &spec, const QJsonValue &value);

    ControlPlaneClient *m_client;
    SettingsFormSchema m_schema;
    QJsonObject m_saved; // nested, as GET /v1/settings returns it
    int m_version = 0;
    bool m_loaded = false;
    bool m_busy = false;
    bool m_readOnly = false;
    bool m_applying = false;
    QString m_readOnlyReason;
    QString m_loadError;
    QHash<QString, QJsonValue> m_edits;       // plain items
    QHash<QString, QJsonValue> m_secretEdits; // string: set, null: clear
    QHash<QString, QStringList> m_errors;
    QStringList m_generalErrors;
    QTimer m_validateTimer;
    quint64 m_validateGeneration = 0;
};

} // namespace gantry
