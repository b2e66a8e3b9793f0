#include "auditwalcheckpointer.h"

#include "store/database.h"

#include <QLoggingCategory>

#include <sqlite3.h>

Q_DECLARE_LOGGING_CATEGORY(lcAuditWriter)

namespace gantry {

AuditWalCheckpointer::AuditWalCheckpointer(Database *database, int passPages)
    : m_database(database)
    , m_passPages(passPages)
    , m_thread([this] { run(); })
{}

AuditWalCheckpointer::~AuditWalCheckpointer()
{
    if (m_writer)
        sqlite3_wal_hook(m_writer, nullptr, nullptr);
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void AuditWalCheckpointer::attach(sqlite3 *writer)
{
    m_writer = writer;
    sqlite3_wal_hook(writer, &AuditWalCheckpointer::walHook, this);
}

int AuditWalCheckpointer::walHook(void *self, sqlite3 *db, const char *schema, int pages)
{
    static_cast<AuditWalCheckpointer *>(self)->afterCommit(db, schema, pages);
    return SQLITE_OK; // a checkpoint that did not run is no error of the commit
}

void AuditWalCheckpointer::afterCommit(sqlite3 *db, const char *schema, int pages)
{
    if (pages < m_passPages)
        return;
    {
        std::lock_guard lock(m_mutex);
        if (m_requested || m_running)
            return; // a pass is under way
        if (m_passes == m_passesFinished) {
            m_requested = true;
            m_wake.notify_one();
            return;
        }
        m_passesFinished = m_passes;
    }
    // A pass has copied the WAL up to where it began: the frames since are this connection's
    // own, so no other checkpoint waits for them, and once they are copied the next write
    // transaction starts the WAL over. PASSIVE: a reader's snapshot is never waited for (its
    // frames are copied by a later pass).
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
}

void AuditWalCheckpointer::run()
{
    sqlite3 *db = Database::sqliteHandle(m_database->connection());
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stopping || m_requested; });
        if (m_stopping)
            break;
        m_requested = false;
        m_running = true;
        lock.unlock();
        int framesInWal = 0;
        int framesCopied = 0;
        const int rc = db ? sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                                      &framesInWal, &framesCopied)
                          : SQLITE_MISUSE;
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            qCWarning(lcAuditWriter)
                << "audit WAL checkpoint failed:" << (db ? sqlite3_errmsg(db) : "no SQLite handle");
        lock.lock();
        m_running = false;
        if (rc == SQLITE_OK)
            ++m_passes;
    }
}

} // namespace gantry
