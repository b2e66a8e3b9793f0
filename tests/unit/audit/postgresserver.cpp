#include "postgresserver.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QUuid>

#include <pwd.h>
#include <unistd.h>

namespace gantry {

namespace {

QString findBinDir()
{
    const QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    std::reverse(versions.begin(), versions.end());
    for (const QString &v : versions) {
        const QString bin = root.filePath(v + "/bin");
        if (QFile::exists(bin + "/initdb") && QFile::exists(bin + "/pg_ctl") &&
            QFile::exists(bin + "/postgres"))
            return bin;
    }
    return {};
}

} // namespace

PostgresServer::PostgresServer() = default;

PostgresServer::~PostgresServer()
{
    stop();
}

QString PostgresServer::missing()
{
    if (findBinDir().isEmpty())
        return QStringLiteral("needs: PostgreSQL server binaries (/usr/lib/postgresql/*/bin/"
                              "initdb, pg_ctl, postgres; Debian package postgresql)");
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return QStringLiteral("needs: the Qt PostgreSQL driver QPSQL (libqt6sql6-psql)");
    if (::geteuid() == 0 && !::getpwnam("postgres"))
        return QStringLiteral("needs: a postgres user to run PostgreSQL as (running as root)");
    return {};
}

bool PostgresServer::run(const QStringList &command, QString *error) const
{
    QStringList args = command;
    QString program = args.takeFirst();
    if (::geteuid() == 0) {
        args = QStringList{"-u", "postgres", "--", program} + args;
        program = QStringLiteral("runuser");
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("%1 failed: %2")
                         .arg(command.join(' '), QString::fromLocal8Bit(p.readAll()));
        return false;
    }
    return true;
}

bool PostgresServer::start(QString *error)
{
    if (m_running)
        return true;
    m_binDir = findBinDir();
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + "/gantry-pg-XXXXXX");
    if (!m_dir->isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    // The postgres user must reach the data directory inside our private temporary one.
    QFile::setPermissions(m_dir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                             QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                             QFileDevice::ExeOther);
    m_dataDir = m_dir->filePath("data");
    QDir().mkpath(m_dataDir);
    if (::geteuid() == 0) {
        const passwd *pw = ::getpwnam("postgres");
        if (!pw || ::chown(QFile::encodeName(m_dataDir).constData(), pw->pw_uid, pw->pw_gid) != 0) {
            *error = QStringLiteral("cannot give %1 to the postgres user").arg(m_dataDir);
            return false;
        }
    }
    if (!run({m_binDir + "/initdb", "-D", m_dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8",
              "--no-sync"},
             error))
        return false;
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    m_port = probe.serverPort();
    probe.close();
    // fsync off: the tests are about gantry's commits, not about the server surviving power loss.
    const QString options = QStringLiteral("-k %1 -p %2 -h 127.0.0.1 -F -c max_connections=50")
                                .arg(m_dataDir)
                                .arg(m_port);
    if (!run({m_binDir + "/pg_ctl", "-D", m_dataDir, "-o", options, "-l", m_dataDir + "/log", "-w",
              "-t", "60", "start"},
             error)) {
        QFile log(m_dataDir + "/log");
        if (log.open(QIODevice::ReadOnly))
            *error += QString::fromLocal8Bit(log.readAll().right(2000));
        return false;
    }
    m_running = true;
    return true;
}

void PostgresServer::stop()
{
    if (!m_running)
        return;
    run({m_binDir + "/pg_ctl", "-D", m_dataDir, "-m", "immediate", "-w", "stop"}, nullptr);
    m_running = false;
}

QUrl PostgresServer::createDatabase(QString *error)
{
    const QString name = QStringLiteral("gantry_test_%1").arg(++m_databases);
    const QString connection = QUuid::createUuid().toString();
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(QStringLiteral("CREATE DATABASE %1").arg(name));
            if (!ok && error)
                *error = q.lastError().text();
        } else if (error) {
            *error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!ok)
        return {};
    return QUrl(QStringLiteral("postgresql://postgres@127.0.0.1:%1/%2").arg(m_port).arg(name));
}

} // namespace gantry
