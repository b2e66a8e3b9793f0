#include "database.h"

#include <QDateTime>
#include <QFile>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <sqlite3.h>

#include <atomic>
#include <memory>
#include <mutex>

namespace gantry {

namespace {

QString lastError(const QSqlQuery &q)
{
    return q.lastError().text();
}

// Every SQLite connection is one thread's own (connection()), so SQLite's per-connection mutexes
// and the global one of its memory statistics only cost time: 6 % of the audit writer
// thread's (tests/bench/README.md). They must be set before SQLite starts; if something opened a
// database earlier in the process, SQLite refuses and keeps its defaults, which are also safe.
void configureSqliteOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    });
}

} // namespace

Database::Database(Kind kind, QString target)
    : m_kind(kind)
    , m_target(std::move(target))
    , m_prefix(QStringLiteral("gantry-db-%1-").arg(QUuid::createUuid().toString(QUuid::Id128)))
{}

Database::~Database()
{
    std::lock_guard lock(m_registry->mutex);
    m_registry->open = false;
    for (auto it = m_registry->connections.cbegin(); it != m_registry->connections.cend(); ++it) {
        // Only the opening thread may look a connection up (Qt warns otherwise); the others'
        // (pool threads that ran a query) are closed by removeDatabase itself.
        if (it.value() == QThread::currentThread()) {
            QSqlDatabase db = QSqlDatabase::database(it.key(), false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(it.key());
    }
    m_registry->connections.clear();
}

std::unique_ptr<Database> Database::openSqlite(const QString &path, QString *error)
{
    configureSqliteOnce();
    if (!QFile::exists(path)) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) ||
            !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
            if (error)
                *error = QStringLiteral("cannot create database %1: %2").arg(path, f.errorString());
            return nullptr;
        }
    }
    std::unique_ptr<Database> db(new Database(Kind::Sqlite, path));
    QSqlDatabase c = db->connection();
    if (!c.isOpen()) {
        if (error)
            *error = QStringLiteral("cannot open database %1: %2").arg(path, c.lastError().text());
        return nullptr;
    }
    return db;
}

std::unique_ptr<Database> Database::openPostgres(const QUrl &url, QString *error)
{
    if (!url.isValid() || (url.scheme() != "postgresql" && url.scheme() != "postgres") ||
        url.host().isEmpty() || url.path().size() < 2) {
        if (error)
            *error = QStringLiteral("storage.database_url must be "
                                    "postgresql://USER:PASSWORD@HOST:PORT/DBNAME");
        return nullptr;
    }
    std::unique_ptr<Database> db(new Database(Kind::Postgres, url.toString()));
    QSqlDatabase c = db->connection();
    if (!c.isOpen()) {
        if (error)
            *error = QStringLiteral("cannot connect to PostgreSQL at %1:%2/%3: %4")
                         .arg(url.host())
                         .arg(url.port(5432))
                         .arg(url.path().mid(1), c.lastError().text());
        return nullptr;
    }
    return db;
}

bool Database::configure(QSqlDatabase &db, QString *error) const
{
    if (m_kind != Kind::Sqlite)
        return true;
    QSqlQuery q(db);
    // WAL: readers never block the writer; NORMAL sync is durable against a killed process
    // (only power loss can lose the last transactions); busy_timeout rides out short locks.
    // 16 KiB pages, set before WAL mode fixes the page size of a new database (an existing one
    // keeps its own): a batch of audit events dirties one page per index group it touches
    // (random ids, 2,000 targets...), and fewer, larger pages write the same changes in fewer
    // WAL frames (1M-event audit ingest 1.2-1.5x, tests/bench/README.md).
    for (const char *pragma :
         {"PRAGMA page_size=16384", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
          "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"}) {
        if (!q.exec(QString::fromLatin1(pragma))) {
            if (error)
                *error = QStringLiteral("%1: %2").arg(QString::fromLatin1(pragma), lastError(q));
            return false;
        }
    }
    return true;
}

namespace {

// A thread's connection to one Database, closed and removed when the thread ends. Keyed by the
// thread itself (thread_local), never by its id: a new thread may get the id of one that ended.
// A thread that ends after its Database (whose destructor removed every connection) does nothing:
// by then Qt SQL itself may be gone, as when a pool thread ends after main() returned.
struct ThreadConnection
{
    QString name;
    std::shared_ptr<Database::Registry> registry;
    ~ThreadConnection()
    {
        std::lock_guard lock(registry->mutex);
        if (!registry->open)
            return;
        registry->connections.remove(name);
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
};

std::atomic<quint64> g_connectionSerial{0};

} // namespace

sqlite3 *Database::sqliteHandle(const QSqlDatabase &connection)
{
    const QVariant handle = connection.driver() ? connection.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

QSqlDatabase Database::connection() const
{
    thread_local QHash<QString, std::shared_ptr<ThreadConnection>> connections;
    if (const auto it = connections.constFind(m_prefix); it != connections.cend()) {
        if (QSqlDatabase::contains((*it)->name))
            return QSqlDatabase::database((*it)->name);
        connections.erase(it); // the Database was destroyed and made again with the same prefix
    }
    const QString name = m_prefix + QString::number(++g_connectionSerial);
    QSqlDatabase db;
    if (m_kind == Kind::Sqlite) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_target);
    } else {
        const QUrl url(m_target);
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setDatabaseName(url.path().mid(1));
        db.setUserName(url.userName());
        db.setPassword(url.password());
        db.setConnectOptions(QStringLiteral("connect_timeout=10"));
    }
    auto guard = std::make_shared<ThreadConnection>(); // no temporary: its destructor removes
    guard->name = name;
    guard->registry = m_registry;
    connections.insert(m_prefix, guard);
    {
        std::lock_guard lock(m_registry->mutex);
        m_registry->connections.insert(name, QThread::currentThread());
    }
    QString why;
    if (db.open() && !configure(db, &why))
        db.close();
    return db;
}

int Database::schemaVersion(const QString &component) const
{
    QSqlQuery q(connection());
    q.prepare(QStringLiteral("SELECT MAX(version) FROM schema_migrations WHERE component = ?"));
    q.addBindValue(component);
    if (!q.exec() || !q.next())
        return 0;
    return q.value(0).toInt();
}

QString Database::migrate(const QString &component, const QList<Migration> &migrations)
{
    QSqlDatabase db = connection();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                               "component TEXT NOT NULL, version INTEGER NOT NULL, "
                               "name TEXT NOT NULL, applied_at TEXT NOT NULL, "
                               "PRIMARY KEY (component, version))")))
        return QStringLiteral("cannot create schema_migrations: %1").arg(lastError(q));
    const int current = schemaVersion(component);
    int expected = 1;
    for (const Migration &m : migrations) {
        if (m.version != expected++)
            return QStringLiteral(
                       "%1 migrations must be numbered 1, 2, 3…: found %2 at position %3")
                .arg(component)
                .arg(m.version)
                .arg(expected - 1);
        if (m.version <= current)
            continue;
        if (!db.transaction())
            return QStringLiteral("%1 migration %2: cannot begin: %3")
                .arg(component)
                .arg(m.version)
                .arg(db.lastError().text());
        const QStringList &statements =
            m_kind == Kind::Postgres && !m.postgres.isEmpty() ? m.postgres : m.sqlite;
        for (const QString &sql : statements) {
            if (!q.exec(sql)) {
                const QString why = lastError(q);
                db.rollback();
                return QStringLiteral("%1 migration %2 (%3) failed: %4\n  in: %5")
                    .arg(component)
                    .arg(m.version)
                    .arg(m.name, why, sql.simplified().left(200));
            }
        }
        q.prepare(QStringLiteral("INSERT INTO schema_migrations (component, version, name, "
                                 "applied_at) VALUES (?, ?, ?, ?)"));
        q.addBindValue(component);
        q.addBindValue(m.version);
        q.addBindValue(m.name);
        q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        if (!q.exec() || !db.commit()) {
            const QString why = lastError(q);
            db.rollback();
            return QStringLiteral("%1 migration %2: cannot record it: %3")
                .arg(component)
                .arg(m.version)
                .arg(why);
        }
    }
    return {};
}

} // namespace gantry
