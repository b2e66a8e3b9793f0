// One running console: the window, the connection to its control plane (embedded: started or
// attached on a data dir; remote: a URL with a token from the keychain) and the models between.
#pragma once

#include "gantryoptions.h"

#include <QObject>
#include <memory>

namespace gantry {

class AllocationLog;
class AuditExport;
class AuditTableModel;
class ConnectionMonitor;
class ConnectionStatus;
class ControlPlaneClient;
class DashboardModel;
class EmbeddedDaemon;
class FleetActions;
class FleetFeed;
class MainWindow;
class SettingsPages;
class NavigationModel;

class ConsoleSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleSession)
public:
    explicit ConsoleSession(GantryOptions options, QObject *parent = nullptr);
    ~ConsoleSession() override;

    void start();    // shows the window and connects
    void shutdown(); // stops the embedded gantryd if this console started it

    MainWindow *window() const { return m_window.get(); }
    ConnectionStatus *status() const { return m_status; }
    EmbeddedDaemon *daemon() const { return m_daemon; }
    FleetFeed *feed() const { return m_feed; }
    FleetActions *actions() const { return m_actions; }
    AuditTableModel *audit() const { return m_audit; }
    SettingsPages *settings() const { return m_settingsPages; }
    // Where the secrets key of the embedded gantryd comes from, as the status bar says it.
    QString keySource() const { return m_keySource; }

private:
    QByteArray secretsKeyFromKeychain();
    void startRemote();
    // Asks for a way in (LDAP sign-in when gantryd offers it, else the API token), then
    // connects with it.
    void signInRemote(const QString &why);
    bool askForRemoteToken(const QString &why);
    bool askForLogin(const QString &why);
    // Into the keychain; says so when none answers (never written to disk then).
    void keepRemoteToken(const QString &what);
    void useRemoteToken(const QByteArray &token);
    void buildFleetPages();

    GantryOptions m_options;
    ControlPlaneClient *m_client;
    NavigationModel *m_navigation;
    ConnectionStatus *m_status;
    ConnectionMonitor *m_monitor;
    EmbeddedDaemon *m_daemon = nullptr;
    std::unique_ptr<MainWindow> m_window;
    FleetFeed *m_feed = nullptr;
    SettingsPages *m_settingsPages = nullptr;
    FleetActions *m_actions = nullptr;
    AllocationLog *m_log = nullptr;
    DashboardModel *m_dashboard = nullptr;
    AuditTableModel *m_audit = nullptr;
    AuditExport *m_auditExport = nullptr;
    QByteArray m_remoteToken;
    QString m_keySource;
};

} // namespace gantry
