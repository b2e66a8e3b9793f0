// gantryd's SQL database: SQLite in the data dir by default (WAL), PostgreSQL when
// storage.database_url is set. Hands out one connection per thread and applies each component's
// numbered migrations exactly once, each in its own transaction.
#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <memory>
#include <mutex>

class QThread;
struct sqlite3;

namespace gantry {

class Database final
{
public:
    enum class Kind { Sqlite, Postgres };

    struct Migration
    {
        int version; // 1, 2, 3 ... per component, never reused
        QString name;
        QStringList sqlite;   // statements for SQLite
        QStringList postgres; // statements for PostgreSQL (empty: same as sqlite)
    };

    // SQLite file (created if missing, mode 0600).
    static std::unique_ptr<Database> openSqlite(const QString &path, QString *error);
    // postgresql://user:password@host:port/dbname
    static std::unique_ptr<Database> openPostgres(const QUrl &url, QString *error);
    ~Database();

    Kind kind() const { return m_kind; }
    // The sqlite3 handle under a QSQLITE connection (for the C API), or null if it is not one.
    static sqlite3 *sqliteHandle(const QSqlDatabase &connection);
    // The connection of the calling thread, opened on first use.
    QSqlDatabase connection() const;

    // Applies the migrations of `component` newer than what the database has, in order. Returns
    // an empty string on success, else which migration failed and why (nothing of it is kept).
    QString migrate(const QString &component, const QList<Migration> &migrations);
    int schemaVersion(const QString &component) const;

    // The connections handed out, shared with each thread's record of its own connection (which
    // closes it when the thread ends): a thread that ends after this Database (a pool thread,
    // even after main() returned) finds the registry closed and leaves Qt SQL alone.
    struct Registry
    {
        std::mutex mutex;
        bool open = true;
        QHash<QString, QThread *> connections; // connection name -> thread that opened it
    };

private:
    Database(Kind kind, QString target);
    bool configure(QSqlDatabase &db, QString *error) const;

    Kind m_kind;
    QString m_target; // SQLite path or PostgreSQL URL
    QString m_prefix; // connection names: prefix + a process-wide serial
    std::shared_ptr<Registry> m_registry = std::make_shared<Registry>();
};

} // namespace gantry
