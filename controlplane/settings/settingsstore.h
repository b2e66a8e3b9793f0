// The versioned settings store in the data directory: stages drafts, validates, applies them as
// numbered versions with their rendered files, keeps history, diffs and rolls back.
//
// Layout (DATA = the data dir):
//   versions/N/settings.yaml   non-secret values of version N (never a secret)
//   versions/N/secrets.json    {path: "v1:<AES-256-GCM sealed>"}, mode 0600
//   versions/N/meta.json       time (UTC), actor, action, changed paths
//   rendered/N/...             the rendered files of version N (0600 where they hold a secret)
//   current                    symlink -> versions/N: the ONE pointer, switched last by rename()
//   settings.yaml, secrets.json  fixed symlinks through `current`
//   staged -> staged.<ms>/     the staged draft (same three files), kept across restarts
// A crash before the switch leaves the old version current (the half-written N is overwritten
// by the next apply); after it, the new one.
//
// Thread safety: every public function locks one mutex, so routes may call it from a pool.
#pragma once

#include "protocol/apierror.h"
#include "settingsdocument.h"
#include "settingsresult.h"
#include "settingsschema.h"
#include "store/secretkey.h"

#include <QJsonArray>
#include <QMutex>
#include <functional>
#include <optional>

namespace gantry {

class AuditSink;
struct SettingsDraft;

class SettingsStore final
{
public:
    // No If-Match given: stage against whatever version is current.
    static constexpr int kAnyVersion = -1;

    SettingsStore(const QString &dataDir, const SettingsSchema &schema, const SecretKey &key,
                  AuditSink *audit = nullptr);
    Q_DISABLE_COPY_MOVE(SettingsStore)

    // Reads the current version; an empty string on success (also when nothing was applied yet).
    QString open();

    const SettingsSchema &schema() const { return m_schema; }
    int currentVersion() const;
    // The current document with plaintext secrets, for gantryd's own use (checks, LDAP login).
    SettingsDocument current() const;
    // GET /v1/settings: {"version": N, "settings": {...}} with secrets as {"set": bool}.
    QJsonObject currentForApi() const;

    // POST /v1/settings/validate: every error of the draft against the current version
    // (syntax, unknown keys, types, requiredness, validators, write-once).
    QList<FieldError> validate(const QByteArray &draftYaml) const;
    // PUT /v1/settings: validates and keeps the draft for apply. Conflict when ifMatchVersion
    // is not the current version.
    SettingsResult stage(const QByteArray &draftYaml, int ifMatchVersion);
    bool hasStaged() const;
    // The staged draft in the API form, or nullopt.
    std::optional<QJsonObject> stagedForApi() const;
    void discardStaged();

    // POST /v1/settings/apply: validates the staged draft again, refuses write-once changes
    // and a license not agreed, writes version N+1 and rendered/N+1/, then switches `current`.
    SettingsResult apply(const QString &actor);
    // POST /v1/settings/rollback: a new version equal to `version`.
    SettingsResult rollback(int version, const QString &actor);

    QList<SettingsVersionInfo> history() const;
    // GET /v1/settings/history/N: meta fields plus "settings" (secrets as {"set": bool}).
    std::optional<QJsonObject> version(int version) const;
    // GET /v1/settings/diff?from=N&to=M: [{"path", "from", "to"}] for plain items and
    // [{"path", "secret": true, "changed": true}] for secrets; nullopt when a version is unknown.
    // Version 0 is the empty document.
    std::optional<QJsonArray> diff(int from, int to) const;
    QString renderedDir(int version) const;
    // gantryctl settings export: the current document as a draft that `stage` accepts back.
    // Secrets appear as {set: true} (keep) unless includeSecrets, then in plaintext.
    QByteArray exportYaml(bool includeSecrets) const;
    // The target of the settings' audit events: {type settings, id "N", name "settings version N"}.
    static QJsonObject auditTarget(int version);

    // For crash tests: called before each apply step ("write_version", "write_rendered",
    // "link", "switch_current"); returning false stops apply there, as if the process died.
    void setCrashHook(std::function<bool(const QString &step)> hook)
    {
        m_crashHook = std::move(hook);
    }

private:
    struct Staged
    {
        SettingsDocument document;
        int base = 0;
    };

    QString versionDir(int version) const;
    int readCurrentVersion() const;
    std::optional<SettingsDocument> load(int version, QString *error) const;
    std::optional<SettingsDocument> loadDir(const QString &dir, const QString &what,
                                            QString *error) const;
    std::optional<SettingsVersionInfo> meta(int version) const;
    QList<FieldError> writeOnceErrors(const SettingsDocument &next) const;
    QList<FieldError> draftErrors(const QByteArray &draftYaml, SettingsDocument *resolved) const;
    SettingsResult commit(const SettingsDocument &next, const QString &actor, const QString &action,
                          int rolledBackTo);
    QString writeVersion(int version, const SettingsDocument &document,
                         const SettingsVersionInfo &info) const;
    QString writeDir(const QString &dir, const SettingsDocument &document,
                     const QJsonObject &meta) const;
    QString persistStaged(const Staged &staged) const;
    void removeStaged() const;
    QString writeRendered(int version, const SettingsDocument &document) const;
    QString switchCurrent(int version) const;
    bool step(const QString &name) const { return !m_crashHook || m_crashHook(name); }
    void audit(const QString &action, const QString &actor, int version, bool success,
               const QJsonObject &payload) const;

    mutable QMutex m_mutex;
    QString m_dataDir;
    SettingsSchema m_schema;
    SecretKey m_key;
    AuditSink *m_audit;
    int m_current = 0;
    SettingsDocument m_currentDocument;
    std::optional<Staged> m_staged;
    std::function<bool(const QString &)> m_crashHook;
};

} // namespace gantry
