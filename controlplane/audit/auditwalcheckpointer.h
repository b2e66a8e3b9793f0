// Checkpoints the audit database's WAL on a thread of its own. SQLite's automatic checkpoint
// runs in the committing thread: the audit writer stopped after a commit to copy the WAL into
// the database file and sync it, a quarter of its time during a bulk ingest. Here the writer's
// commits only report the WAL's size (a WAL hook); past passPages, a pass copies the WAL on
// this thread while the writer goes on. The frames the writer committed during that pass are
// copied by the writer itself at its next commit (a short copy), so the whole WAL is then in
// the database file and starts over: it stays about passPages and one pass's worth of frames.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace gantry {

class Database;

class AuditWalCheckpointer
{
public:
    // `database` must outlive the checkpointer; it hands the thread its own connection.
    AuditWalCheckpointer(Database *database, int passPages);
    ~AuditWalCheckpointer(); // detaches from the writer, stops the thread
    AuditWalCheckpointer(const AuditWalCheckpointer &) = delete;
    AuditWalCheckpointer &operator=(const AuditWalCheckpointer &) = delete;

    // Takes over the checkpoints of `writer` (the connection that commits; its automatic
    // checkpoint is replaced). Called on the writer's thread.
    void attach(sqlite3 *writer);

private:
    static int walHook(void *self, sqlite3 *db, const char *schema, int pages);
    void afterCommit(sqlite3 *db, const char *schema, int pages);
    void run();

    Database *m_database;
    const int m_passPages;
    sqlite3 *m_writer = nullptr;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_requested = false;
    bool m_running = false;
    bool m_stopping = false;
    long long m_passes = 0;         // passes completed on this thread
    long long m_passesFinished = 0; // of those, the ones the writer has finished
    std::thread m_thread;
};

} // namespace gantry
