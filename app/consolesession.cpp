#include "consolesession.h"
#include "settingspages.h"

#include "allocationlog.h"
#include "auditexport.h"
#include "auditlogpage.h"
#include "audittablemodel.h"
#include "connectionmonitor.h"
#include "connectionstatus.h"
#include "consoleaccess.h"
#include "controlplaneclient.h"
#include "dashboardmodel.h"
#include "dashboardpage.h"
#include "embeddeddaemon.h"
#include "fleetactions.h"
#include "fleetfeed.h"
#include "jobspage.h"
#include "keychain.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "navigationmodel.h"
#include "nodespage.h"
#include "serverinfo.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>

#include <openssl/rand.h>

namespace gantry {

ConsoleSession::ConsoleSession(GantryOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_client(new ControlPlaneClient(this))
    , m_navigation(new NavigationModel(this))
    , m_status(new ConnectionStatus(this))
    , m_monitor(new ConnectionMonitor(m_client, m_status, this))
    , m_window(std::make_unique<MainWindow>(m_navigation, m_status))
{
    buildFleetPages();
}

ConsoleSession::~ConsoleSession()
{
    shutdown();
}

void ConsoleSession::start()
{
    m_window->show();
    if (!m_options.connectUrl.isEmpty()) {
        startRemote();
        return;
    }
    m_status->setMode(ConnectionStatus::Mode::Embedded);
    m_daemon = new EmbeddedDaemon(m_options.gantrydPath, m_options.dataDir, this);
    m_daemon->setSecretsKey(secretsKeyFromKeychain());
    QStringList extra;
    if (!m_options.fleet.isEmpty())
        extra << QStringLiteral("--fleet") << m_options.fleet;
    if (m_options.sampleLoad)
        extra << QStringLiteral("--sample-load");
    m_daemon->setExtraArguments(extra);
    m_window->showNote(m_keySource);

    connect(m_daemon, &EmbeddedDaemon::starting, this, [this] {
        m_monitor->stop();
        m_status->setConnecting();
    });
    connect(m_daemon, &EmbeddedDaemon::startingStep, m_status, &ConnectionStatus::setStarting);
    connect(m_daemon, &EmbeddedDaemon::ready, this,
            [this](const QString &address, const QByteArray &token, bool attached) {
                m_status->setMode(attached ? ConnectionStatus::Mode::Attached
                                           : ConnectionStatus::Mode::Embedded);
                m_client->setAddress(QUrl(address));
                m_client->setToken(token);
                m_status->setConnecting(address);
                m_monitor->start();
                m_feed->connectTo(QUrl(address), token, m_client->trust());
                m_audit->connectTo(QUrl(address), token, m_client->trust());
                m_settingsPages->reload();
            });
    connect(m_daemon, &EmbeddedDaemon::died, this, [this](const QString &reason, int retryInMs) {
        m_monitor->stop();
        m_status->setDisconnected(reason, retryInMs);
    });
    connect(m_daemon, &EmbeddedDaemon::refused, this, [this](int exitCode, const QString &reason) {
        m_monitor->stop();
        m_status->setDisconnected(reason, -1);
        if (exitCode != 4 ||
            m_daemon->extraArguments().contains(QLatin1String("--ignore-database-url")))
            return;
        // storage.database_url names a database gantryd cannot use: offer to start with the
        // audit log in the data dir for this run, so that the admin can correct the setting.
        const auto answer = QMessageBox::warning(
            m_window.get(), tr("gantryd cannot use its database"),
            tr("%1\n\nStart gantryd with the audit log in the data dir for this run, so that you "
               "can correct storage.database_url on the Storage page? Audit events of this run "
               "stay in the data dir.")
                .arg(reason),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer != QMessageBox::Yes)
            return;
        m_daemon->setExtraArguments(m_daemon->extraArguments()
                                    << QStringLiteral("--ignore-database-url"));
        m_daemon->start();
    });
    // An attached gantryd belongs to someone else; when it goes away, start our own.
    connect(m_monitor, &ConnectionMonitor::unreachable, m_daemon, &EmbeddedDaemon::reconnect);
    m_daemon->start();
}

void ConsoleSession::buildFleetPages()
{
    m_feed = new FleetFeed(m_client, this);
    m_actions = new FleetActions(m_client, this);
    m_log = new AllocationLog(m_client, this);
    m_dashboard = new DashboardModel(m_feed, this);
    auto *dashboard = new DashboardPage(m_dashboard);
    auto *nodes = new NodesPage(m_feed, m_actions);
    auto *jobs = new JobsPage(m_feed, m_actions, m_log);
    m_window->setPage(QStringLiteral("dashboard"), dashboard);
    m_window->setPage(QStringLiteral("nodes"), nodes);
    m_window->setPage(QStringLiteral("jobs"), jobs);
    // The audit log browser loads when first shown (that first read is audited as a view).
    m_audit = new AuditTableModel(m_client, this);
    m_auditExport = new AuditExport(m_client, this);
    m_window->setPage(QStringLiteral("audit"), new AuditLogPage(m_audit, m_auditExport));
    // The settings pages, generated from gantryd's schema.
    m_settingsPages = new SettingsPages(m_client, this);
    const auto settingsPages = m_settingsPages->createPages(NavigationModel::settingsGroups());
    for (auto it = settingsPages.begin(); it != settingsPages.end(); ++it)
        m_window->setPage(it.key(), it.value());
    connect(m_settingsPages, &SettingsPages::showPageRequested, m_window.get(),
            &MainWindow::showPage);
    connect(m_feed, &FleetFeed::otherEvent, m_settingsPages, &SettingsPages::handleEvent);
    // Settings applied elsewhere while the stream was down sent events nobody received.
    connect(m_feed, &FleetFeed::reconnected, m_settingsPages, &SettingsPages::reload);
    // A viewer reads the fleet but cannot act on it: the actions say why.
    connect(m_settingsPages->access(), &ConsoleAccess::changed, m_feed, [this] {
        const ConsoleAccess *access = m_settingsPages->access();
        m_feed->setViewerReason(access->isKnown() && !access->isAdmin() ? access->readOnlyReason()
                                                                        : QString());
    });
    // Unsaved settings are asked about when leaving the settings section, and on quitting.
    m_window->setLeaveGuard([this](const QString &from, const QString &to) {
        const auto isSettings = [](const QString &page) {
            return page == QLatin1String("settings") || page.startsWith(QLatin1String("settings/"));
        };
        if (!to.isEmpty() && (!isSettings(from) || isSettings(to)))
            return true;
        return m_settingsPages->confirmLeave(m_window.get());
    });
    connect(dashboard, &DashboardPage::showNodes, nodes, [this, nodes](const QStringList &ids) {
        m_window->showPage(QStringLiteral("nodes"));
        nodes->selectNodes(ids);
    });
    connect(dashboard, &DashboardPage::showJobs, jobs, [this, jobs](const QStringList &ids) {
        m_window->showPage(QStringLiteral("jobs"));
        jobs->selectJobs(ids);
    });
}

QByteArray ConsoleSession::secretsKeyFromKeychain()
{
    const QString keyFile = QDir(m_options.dataDir).filePath(QStringLiteral("secret.key"));
    if (QFileInfo::exists(keyFile)) {
        // Secrets already encrypted with the key file's key stay readable: keep using it.
        m_keySource = tr("Secrets key: key file in the data dir");
        return {};
    }
    const QString entry = QStringLiteral("secrets-key:") + QDir(m_options.dataDir).absolutePath();
    KeychainResult r = Keychain::read(entry);
    if (r.status == KeychainResult::Status::NotFound) {
        QByteArray raw(32, Qt::Uninitialized);
        if (RAND_bytes(reinterpret_cast<unsigned char *>(raw.data()), int(raw.size())) == 1) {
            const QByteArray hex = raw.toHex();
            r = Keychain::write(entry, hex);
            if (r.ok())
                r.data = hex;
        }
    }
    if (r.ok() && r.data.size() == 64) {
        m_keySource = tr("Secrets key: OS keychain");
        return r.data;
    }
    m_keySource = tr("Secrets key: key file (no keychain)");
    QSettings settings;
    if (!settings.value(QStringLiteral("warnedKeychainFallback")).toBool()) {
        settings.setValue(QStringLiteral("warnedKeychainFallback"), true);
        // Said once, without blocking the start: the console works the same either way.
        auto *box = new QMessageBox(
            QMessageBox::Warning, tr("No keychain"),
            tr("No OS keychain answered (%1). The key that encrypts stored secrets is kept in "
               "a key file readable only by you (mode 0600) in %2 instead.")
                .arg(r.error, m_options.dataDir),
            QMessageBox::Ok, m_window.get());
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    return {};
}

bool ConsoleSession::askForRemoteToken(const QString &why)
{
    bool ok = false;
    const QString token =
        QInputDialog::getText(m_window.get(), tr("Token for %1").arg(m_options.connectUrl),
                              why + QStringLiteral("\n\n") +
                                  tr("API token of the gantryd at %1:").arg(m_options.connectUrl),
                              QLineEdit::Password, {}, &ok);
    if (!ok || token.trimmed().isEmpty())
        return false;
    m_remoteToken = token.trimmed().toUtf8();
    keepRemoteToken(tr("the token"));
    return true;
}

bool ConsoleSession::askForLogin(const QString &why)
{
    LoginDialog dialog(m_settingsPages->access(), m_options.connectUrl, m_window.get());
    dialog.setReason(why);
    dialog.offerTokenInstead();
    const int answer = dialog.exec();
    if (answer == LoginDialog::UseToken)
        return askForRemoteToken(why);
    if (answer != QDialog::Accepted)
        return false;
    m_remoteToken = m_settingsPages->access()->sessionToken();
    keepRemoteToken(tr("the session"));
    return true;
}

void ConsoleSession::keepRemoteToken(const QString &what)
{
    const KeychainResult stored =
        Keychain::write(QStringLiteral("token:") + m_options.connectUrl, m_remoteToken);
    if (!stored.ok())
        QMessageBox::information(
            m_window.get(), tr("Not stored"),
            tr("No OS keychain answered (%1), so %2 is kept in memory for this session only and "
               "never written to disk. Gantry will ask again next time.")
                .arg(stored.error, what));
}

void ConsoleSession::startRemote()
{
    m_status->setMode(ConnectionStatus::Mode::Remote);
    m_client->setAddress(QUrl(m_options.connectUrl));
    m_window->showNote(tr("Remote control plane"));
    connect(m_monitor, &ConnectionMonitor::tokenRejected, this, [this] {
        m_monitor->stop();
        m_feed->stop();
        m_audit->stop();
        signInRemote(tr("gantryd did not accept the stored token or session; a session ends "
                        "after a while, and an admin may have revoked the token."));
    });
    auto *signOut = new QAction(tr("Sign &out"), m_window.get());
    signOut->setEnabled(false);
    m_window->addFileAction(signOut);
    connect(m_settingsPages->access(), &ConsoleAccess::changed, signOut, [this, signOut] {
        signOut->setEnabled(!m_settingsPages->access()->name().isEmpty());
        signOut->setText(m_settingsPages->access()->name().isEmpty()
                             ? tr("Sign &out")
                             : tr("Sign &out %1").arg(m_settingsPages->access()->name()));
    });
    connect(signOut, &QAction::triggered, this, [this] {
        m_monitor->stop();
        m_feed->stop();
        m_audit->stop();
        m_settingsPages->access()->logout();
        Keychain::remove(QStringLiteral("token:") + m_options.connectUrl);
        m_remoteToken.clear();
        m_client->setToken({});
        signInRemote(tr("Signed out."));
    });
    const KeychainResult r = Keychain::read(QStringLiteral("token:") + m_options.connectUrl);
    if (r.ok()) {
        useRemoteToken(r.data);
        return;
    }
    signInRemote(r.status == KeychainResult::Status::NotFound
                     ? tr("No token or session is stored for this address yet.")
                     : tr("The OS keychain is not available: %1").arg(r.error));
}

void ConsoleSession::signInRemote(const QString &why)
{
    m_status->setConnecting(m_options.connectUrl);
    // GET /v1/health says whether this gantryd takes LDAP sign-ins; without an answer (not
    // reachable yet) the token is the way in.
    m_client->request("GET", QStringLiteral("/v1/health"), {}, [this, why](const ApiResult &r) {
        const auto info = r.ok() ? ServerInfo::fromJson(r.json.object()) : std::nullopt;
        const bool ldap = info && info->login.contains(QLatin1String("ldap"));
        if (!(ldap ? askForLogin(why) : askForRemoteToken(why))) {
            m_status->setDisconnected(tr("not signed in"), -1);
            return;
        }
        useRemoteToken(m_remoteToken);
    });
}

void ConsoleSession::useRemoteToken(const QByteArray &token)
{
    m_remoteToken = token;
    m_client->setToken(token);
    m_status->setConnecting(m_options.connectUrl);
    m_monitor->start();
    m_feed->connectTo(QUrl(m_options.connectUrl), m_remoteToken, m_client->trust());
    m_audit->connectTo(QUrl(m_options.connectUrl), m_remoteToken, m_client->trust());
    m_settingsPages->reload();
}

void ConsoleSession::shutdown()
{
    m_monitor->stop();
    m_feed->stop();
    m_audit->stop();
    if (m_daemon)
        m_daemon->stop();
}

} // namespace gantry
