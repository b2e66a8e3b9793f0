#include "controlplane.h"

#include "api/apiserver.h"
#include "api/eventhub.h"
#include "api/systemroutes.h"
#include "api/tlsmaterial.h"
#include "api/tokenauth.h"
#include "atomicfile.h"
#include "audit/auditsink.h"
#include "auth/authroutes.h"
#include "auth/loginthrottle.h"
#include "auth/passwordverifier.h"
#include "auth/sessionauthenticator.h"
#include "auth/sessionstore.h"
#include "auth/userstore.h"
#include "handshake.h"
#include "store/database.h"
#include "store/datadirectory.h"
#include "store/secretkey.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>

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
    // Until the audit store lands, events are kept in memory.
    m_audit = std::make_unique<RecordingAuditSink>();
    m_users = std::make_unique<UserStore>(*m_database);
    m_sessions = std::make_unique<SessionStore>(*m_database);
    m_loginThrottle = std::make_unique<LoginThrottle>();
    for (const QString &error : {m_users->migrate(), m_sessions->migrate()})
        if (!error.isEmpty())
            return error;
    m_sessions->purgeExpired();
    return {};
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

    if (QString why = openStorage(); !why.isEmpty())
        return fail(1, why);

    auto auth = std::make_shared<SessionAuthenticator>(token, *m_sessions, *m_users);
    m_api = new ApiServer(auth, this);
    SystemRoutes::install(m_api->router(), m_dataDir->path(), QDateTime::currentDateTimeUtc());
    AuthRoutes{*m_users,
               *m_sessions,
               *m_loginThrottle,
               *m_audit,
               [] { return std::shared_ptr<const PasswordVerifier>(); },
               SessionStore::kDefaultLifetimeSeconds}
        .install(m_api->router());
    m_events = new EventHub(this);
    m_events->installRoutes(m_api->router());

    QString why;
    std::optional<TlsMaterial> tls;
    if (m_options.tls()) {
        tls = TlsMaterial::fromFiles(m_options.tlsCertificateFile, m_options.tlsKeyFile, &why);
        if (!tls)
            return fail(2, why);
    }
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
    std::printf("{\"listening\":\"%s\"}\n", qPrintable(m_address));
    std::fflush(stdout);
    return 0;
}

void ControlPlane::stop()
{
    if (m_wroteHandshake) {
        // Remove the handshake only if it is still ours: never a newer gantryd's.
        const auto current = Handshake::read(m_dataDir->path());
        if (current && current->pid == QCoreApplication::applicationPid())
            QFile::remove(Handshake::pathIn(m_dataDir->path()));
        m_wroteHandshake = false;
    }
}

} // namespace gantry
