#include "controlplane.h"
#include "startupprogress.h"

#include "api/apiserver.h"
#include "api/eventhub.h"
#include "api/systemroutes.h"
#include "api/tlsmaterial.h"
#include "api/tokenauth.h"
#include "atomicfile.h"
#include "audit/auditimportsessions.h"
#include "audit/auditroutes.h"
#include "audit/auditsink.h"
#include "audit/auditstore.h"
#include "auth/authroutes.h"
#include "auth/ldappasswordverifier.h"
#include "auth/loginthrottle.h"
#include "auth/passwordverifier.h"
#include "auth/sessionauthenticator.h"
#include "auth/sessionstore.h"
#include "auth/userstore.h"
#include "checks/checkroutes.h"
#include "fleet/fleetmetrics.h"
#include "fleet/fleetretention.h"
#include "fleet/fleetroutes.h"
#include "fleet/fleetservice.h"
#include "fleet/fleetstore.h"
#include "fleet/localfleet.h"
#include "fleet/logroutes.h"
#include "fleet/sampleload.h"
#include "handshake.h"
#include "settings/settingsroutes.h"
#include "settings/settingsschema.h"
#include "settings/settingsstore.h"
#include "store/database.h"
#include "store/datadirectory.h"
#include "store/secretkey.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>

#include <algorithm>

#include <cstdio>
#include <iostream>
#include <string>

namespace gantry {

ControlPlane::ControlPlane(DaemonOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

ControlPlane::~ControlPlane()
{
    stop();
    // The objects made in start() go while the stores they refer to are still here (members go
    // before QObject children): the server first, so that its clients' sockets close (an export
    // still sending is audited as canceled), then the rest, newest first.
    delete m_api;
    m_api = nullptr;
    QObjectList made = children();
    std::reverse(made.begin(), made.end());
    qDeleteAll(made);
    m_fleet = nullptr;
    m_fleetService = nullptr;
    m_events = nullptr;
    m_auditRoutes = nullptr;
}

QString ControlPlane::readSecrets(QByteArray *token, std::optional<SecretKey> *key)
{
    // Both lines come from the parent process (gantry) and never from the command line, where
    // `ps` would show them. Closing stdin afterwards does not stop gantryd.
    std::string line;
    if (m_options.tokenFromStdin) {
        if (!std::getline(std::cin, line))
            return QStringLiteral("--token-stdin: standard input ended before the token line");
        *token = QByteArray::fromStdString(line).trimmed();
        if (token->size() < 16)
            return QStringLiteral("--token-stdin: the token must be at least 16 characters");
    } else {
        *token = TokenAuth::generateToken();
    }
    QString why;
    if (m_options.keyFromStdin) {
        if (!std::getline(std::cin, line))
            return QStringLiteral("--key-stdin: standard input ended before the key line");
        *key = SecretKey::fromHex(QByteArray::fromStdString(line), &why);
        if (!*key)
            return QStringLiteral("--key-stdin: %1").arg(why);
    } else {
        *key = SecretKey::loadOrCreate(m_dataDir->filePath(QStringLiteral("secret.key")), &why);
        if (!*key)
            return why;
    }
    return {};
}

QString ControlPlane::openStorage()
{
    QString why;
    m_database = Database::openSqlite(m_dataDir->filePath(QStringLiteral("gantry.db")), &why);
    if (!m_database)
        return why;
    m_users = std::make_unique<UserStore>(*m_database);
    m_sessions = std::make_unique<SessionStore>(*m_database);
    m_loginThrottle = std::make_unique<LoginThrottle>();
    m_fleetStore = std::make_unique<FleetStore>(*m_database);
    for (const QString &error :
         {m_users->migrate(), m_sessions->migrate(), m_fleetStore->migrate()})
        if (!error.isEmpty())
            return error;
    m_sessions->purgeExpired();
    return {};
}

// storage.database_url as applied, read before anything opens: the settings store records to the
// audit log, so the log has to be open (in the right database) before the settings store.
QString ControlPlane::appliedDatabaseUrl(const SecretKey &key, QString *url) const
{
    QString why;
    const auto schema = SettingsSchema::fromFile(QStringLiteral(":/schema.yaml"), &why);
    if (!schema)
        return QStringLiteral("the built-in settings schema is broken: %1").arg(why);
    SettingsStore reader(m_dataDir->path(), *schema, key);
    if (QString error = reader.open(); !error.isEmpty())
        return QStringLiteral("cannot read the applied settings: %1").arg(error);
    *url = reader.current().secret(QStringLiteral("storage.database_url")).value_or(QString());
    return {};
}

// The audit log in PostgreSQL when storage.database_url is set, else in the SQLite database.
// Never a silent fallback: a URL that cannot be used stops gantryd (kExitDatabaseUrl).
QString ControlPlane::openAuditStore(const QString &databaseUrl)
{
    QString why;
    Database *database = m_database.get();
    if (!databaseUrl.isEmpty()) {
        const QUrl url(databaseUrl, QUrl::StrictMode);
        m_auditDatabase = Database::openPostgres(url, &why);
        if (!m_auditDatabase) {
            const QString field = QStringLiteral("storage.database_url ");
            if (why.startsWith(field))
                why = why.mid(field.size()); // "must be postgresql://…"
            return QStringLiteral("storage.database_url (applied settings): %1. Fix the server "
                                  "or start gantryd once with --ignore-database-url and apply a "
                                  "corrected or empty storage.database_url.")
                .arg(why);
        }
        database = m_auditDatabase.get();
        std::fprintf(stderr,
                     "gantryd: audit log in PostgreSQL at %s:%d/%s (storage.database_url)\n",
                     qPrintable(url.host()), url.port(5432), qPrintable(url.path().mid(1)));
    }
    m_audit = AuditStore::open(database, &why);
    if (!m_audit)
        return databaseUrl.isEmpty()
                   ? QStringLiteral("cannot open the audit log: %1").arg(why)
                   : QStringLiteral("storage.database_url: cannot open the audit log in "
                                    "PostgreSQL: %1")
                         .arg(why);
    return {};
}

QString ControlPlane::openSettings(const SecretKey &key)
{
    QString why;
    const auto schema = SettingsSchema::fromFile(QStringLiteral(":/schema.yaml"), &why);
    if (!schema)
        return QStringLiteral("the built-in settings schema is broken: %1").arg(why);
    m_settings = std::make_unique<SettingsStore>(m_dataDir->path(), *schema, key, m_audit.get());
    if (QString error = m_settings->open(); !error.isEmpty())
        return QStringLiteral("cannot read the applied settings: %1").arg(error);
    return {};
}

QString ControlPlane::startFleet()
{
    const ParsedFleetSpec spec = FleetSpec::parse(m_options.fleet);
    QString why;
    const auto loaded = m_fleetStore->load(&why);
    if (!loaded)
        return why;
    const auto fleetId = m_fleetStore->fleetId(&why);
    if (!fleetId)
        return why;
    // Node state first (nodes added through the API, drains, eligibility), by index, with the ids
    // they had wherever the data dir was; then the history: allocations that were running when
    // gantryd stopped come back lost, before we serve.
    const FleetNodePlan nodes = spec.spec->plan(*fleetId, loaded->nodes);
    for (const QString &problem : nodes.problems)
        std::fprintf(stderr, "gantryd: restoring the fleet's nodes: %s\n", qPrintable(problem));
    if (!nodes.dropped.isEmpty()) {
        if (const QString error = m_fleetStore->removeNodes(nodes.dropped); !error.isEmpty())
            std::fprintf(stderr, "gantryd: cannot remove dropped nodes from the database: %s\n",
                         qPrintable(error));
    }
    m_fleet = new LocalFleet(m_dataDir->path(), *spec.spec, nodes, this);
    for (const QString &problem : m_fleet->restore(loaded->runs, loaded->jobs, loaded->allocations))
        std::fprintf(stderr, "gantryd: restoring the fleet: %s\n", qPrintable(problem));
    connect(m_fleet, &LocalFleet::submitted, this, [this](const LocalFleet::StoredRun &run) {
        if (const QString error = m_fleetStore->saveRun(run); !error.isEmpty())
            std::fprintf(stderr, "gantryd: cannot store workflow run %s: %s\n", qPrintable(run.id),
                         qPrintable(error));
    });
    connect(m_fleet, &LocalFleet::changed, this, [this](const SchedulerChanges &changes) {
        if (const QString error = m_fleetStore->save(m_fleet->scheduler(), changes);
            !error.isEmpty())
            std::fprintf(stderr, "gantryd: cannot store fleet changes: %s\n", qPrintable(error));
    });
    m_fleetService = new FleetService(*m_fleet, *m_events, *m_audit, this);
    FleetRoutes{*m_fleetService}.install(m_api->router());
    (new LogRoutes(*m_fleetService, this))->install(m_api->router());
    FleetMetrics::install(m_api->router(), *m_fleetService);
    auto *retention = new QTimer(this);
    connect(retention, &QTimer::timeout, this, &ControlPlane::applyRetention);
    retention->start(3600 * 1000);
    applyRetention();
    if (m_options.sampleLoad)
        (new SampleLoad(*m_fleet, this))->start();
    return {};
}

void ControlPlane::applyRetention()
{
    // Finished jobs beyond the limits leave the database and gantryd's memory, and their
    // allocations' directories (logs, working copies) leave the disk.
    const FleetRetention::Result removed =
        FleetRetention(*m_fleetStore, *m_fleet, m_options.retentionDays, m_options.retentionJobs)
            .apply();
    if (!removed.error.isEmpty())
        std::fprintf(stderr, "gantryd: retention: cannot remove old jobs from the database: %s\n",
                     qPrintable(removed.error));
}

int ControlPlane::start()
{
    auto fail = [](int code, const QString &why) {
        std::fprintf(stderr, "gantryd: %s\n", qPrintable(why));
        return code;
    };
    m_dataDir = std::make_unique<DataDirectory>(m_options.dataDir);
    if (QString why = m_dataDir->ensureExists(); !why.isEmpty())
        return fail(1, why);
    if (QString why = m_dataDir->lock(); !why.isEmpty())
        return fail(1, why);

    QByteArray token;
    std::optional<SecretKey> key;
    if (QString why = readSecrets(&token, &key); !why.isEmpty())
        return fail(2, why);

    StartupProgress progress;
    progress.step(QStringLiteral("opening the database"));
    if (QString why = openStorage(); !why.isEmpty())
        return fail(1, why);
    QString databaseUrl;
    if (QString why = appliedDatabaseUrl(*key, &databaseUrl); !why.isEmpty())
        return fail(1, why);
    if (m_options.ignoreDatabaseUrl && !databaseUrl.isEmpty()) {
        std::fprintf(stderr,
                     "gantryd: --ignore-database-url: the audit log stays in %s for this "
                     "run although storage.database_url is set\n",
                     qPrintable(m_dataDir->filePath(QStringLiteral("gantry.db"))));
        databaseUrl.clear();
    }
    progress.step(QStringLiteral("opening the audit log"));
    if (QString why = openAuditStore(databaseUrl); !why.isEmpty())
        return fail(databaseUrl.isEmpty() ? 1 : kExitDatabaseUrl, why);
    progress.step(QStringLiteral("reading the settings"));
    if (QString why = openSettings(*key); !why.isEmpty())
        return fail(1, why);

    auto auth = std::make_shared<SessionAuthenticator>(token, *m_sessions, *m_users);
    m_api = new ApiServer(auth, this);
    SystemRoutes::install(
        m_api->router(), m_dataDir->path(), QDateTime::currentDateTimeUtc(), [this] {
            QStringList methods{QStringLiteral("token")};
            if (m_settings->current().value(QStringLiteral("ldap.enabled")).toBool())
                methods << QStringLiteral("ldap");
            return methods;
        });
    AuthRoutes{*m_users,
               *m_sessions,
               *m_loginThrottle,
               *m_audit,
               [this] { return LdapPasswordVerifier::fromSettings(*m_settings); },
               SessionStore::kDefaultLifetimeSeconds}
        .install(m_api->router());
    m_events = new EventHub(this);
    m_events->installRoutes(m_api->router());
    SettingsRoutes{*m_settings, *m_events, *m_audit}.install(m_api->router());
    CheckRoutes{*m_settings}.install(m_api->router());
    m_auditRoutes = new AuditRoutes(*m_audit, m_events, this);
    m_auditRoutes->install(m_api->router());
    (new AuditImportSessions(*m_audit, AuditImportSessions::kDefaultIdleTimeout, this))
        ->install(m_api->router());
    progress.step(QStringLiteral("restoring the fleet"));
    if (QString why = startFleet(); !why.isEmpty())
        return fail(1, why);
    progress.step(QStringLiteral("opening the listening socket"));

    QString why;
    std::optional<TlsMaterial> tls;
    if (m_options.tls()) {
        tls = TlsMaterial::fromFiles(m_options.tlsCertificateFile, m_options.tlsKeyFile, &why);
        if (!tls)
            return fail(2, why);
    } else {
        // The applied tls settings, from the start after they were applied.
        const SettingsDocument applied = m_settings->current();
        const QByteArray certificate =
            applied.value(QStringLiteral("tls.certificate")).toString().toUtf8();
        const QByteArray key =
            applied.secret(QStringLiteral("tls.private_key")).value_or(QString()).toUtf8();
        if (!certificate.isEmpty() && !key.isEmpty()) {
            tls = TlsMaterial::fromPem(certificate, key, &why);
            if (!tls)
                return fail(
                    1, QStringLiteral("the applied tls settings cannot be served: %1").arg(why));
        }
    }
    if (!tls && !DaemonOptions::isLoopback(m_options.listenAddress))
        return fail(2, m_options.loopbackRefusal().mid(QStringLiteral("gantryd: ").size()));
    const quint16 port =
        m_api->listen(m_options.listenAddress, m_options.listenPort, &why,
                      tls ? std::optional(tls->serverConfiguration()) : std::nullopt);
    if (port == 0)
        return fail(1, why);
    const QString host = m_options.listenAddress.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(m_options.listenAddress.toString())
                             : m_options.listenAddress.toString();
    m_address = QStringLiteral("%1://%2:%3").arg(tls ? "https" : "http", host).arg(port);

    const Handshake handshake{m_address, QString::fromLatin1(token),
                              QCoreApplication::applicationPid(),
                              tls ? tls->chainPem() : QByteArray()};
    why = AtomicFile::write(Handshake::pathIn(m_dataDir->path()), handshake.toJson());
    if (!why.isEmpty())
        return fail(1, why);
    m_wroteHandshake = true;

    // The one line a launcher waits for: everything is ready once it is printed.
    progress.stop();
    std::printf("{\"listening\":\"%s\"}\n", qPrintable(m_address));
    std::fflush(stdout);
    return 0;
}

void ControlPlane::stop()
{
    // No new requests, then the ones running on worker threads finish (an export ends early)
    // before anything they use goes away.
    if (m_api)
        m_api->stopListening();
    if (m_auditRoutes)
        m_auditRoutes->cancelExports();
    QThreadPool::globalInstance()->waitForDone();
    if (m_fleet)
        m_fleet->stopAll(); // every step's process group ends with gantryd
    if (m_wroteHandshake) {
        // Remove the handshake only if it is still ours: never a newer gantryd's.
        const auto current = Handshake::read(m_dataDir->path());
        if (current && current->pid == QCoreApplication::applicationPid())
            QFile::remove(Handshake::pathIn(m_dataDir->path()));
        m_wroteHandshake = false;
    }
}

} // namespace gantry
