// gantryd as one object: takes the data dir, the token and the key, starts the API, writes the
// handshake file and prints the listening line; removes the handshake file when it stops.
#pragma once

#include "daemonoptions.h"

#include <QObject>
#include <memory>
#include <optional>

namespace gantry {

class ApiServer;
class AuditRoutes;
class AuditSink;
class AuditStore;
class Database;
class EventHub;
class FleetService;
class FleetStore;
class LocalFleet;
class LoginThrottle;
class SessionStore;
class SettingsStore;
class UserStore;
class DataDirectory;
class SecretKey;

class ControlPlane final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlPlane)
public:
    explicit ControlPlane(DaemonOptions options, QObject *parent = nullptr);
    ~ControlPlane() override;

    // gantryd's exit code when the applied storage.database_url cannot be used (malformed, or
    // PostgreSQL unreachable or refusing): nothing is served, nothing is written elsewhere.
    static constexpr int kExitDatabaseUrl = 4;

    // Returns 0 once serving; otherwise the exit code, with the reason printed on stderr.
    int start();
    // Stops serving and removes the handshake file (if it is still ours).
    void stop();

    QString address() const { return m_address; }
    EventHub *events() const { return m_events; }

private:
    QString readSecrets(QByteArray *token, std::optional<SecretKey> *key);
    QString openSettings(const SecretKey &key);
    QString appliedDatabaseUrl(const SecretKey &key, QString *url) const;
    QString openStorage();
    QString openAuditStore(const QString &databaseUrl);
    QString startFleet();
    void applyRetention();

    DaemonOptions m_options;
    std::unique_ptr<DataDirectory> m_dataDir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<Database> m_auditDatabase; // PostgreSQL, when storage.database_url is set
    std::unique_ptr<AuditStore> m_audit;
    std::unique_ptr<UserStore> m_users;
    std::unique_ptr<SessionStore> m_sessions;
    std::unique_ptr<LoginThrottle> m_loginThrottle;
    std::unique_ptr<FleetStore> m_fleetStore;
    std::unique_ptr<SettingsStore> m_settings;
    LocalFleet *m_fleet = nullptr;
    FleetService *m_fleetService = nullptr;
    ApiServer *m_api = nullptr;
    AuditRoutes *m_auditRoutes = nullptr;
    EventHub *m_events = nullptr;
    QString m_address;
    bool m_wroteHandshake = false;
};

} // namespace gantry
