// The persistent audit log in SQLite or PostgreSQL: every AuditSink report lands here, written by
// one writer thread in group-committed transactions so record() returns only once the event is
// durable; reads page it with keyset cursors, search it in full text and stream it for export.
#pragma once

#include "audit/auditquery.h"
#include "audit/auditrow.h"
#include "audit/auditsink.h"
#include "audit/auditsqlitereader.h"
#include "store/database.h"

#include <QString>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace gantry {

class AuditBatchWriter;

class AuditStore final : public AuditSink
{
public:
    struct Options
    {
        // Off: writes skip the SQLite full-text index (bulk loads), which is then marked stale:
        // queries with q fail until rebuildFullTextIndex(). PostgreSQL always maintains it.
        bool fullTextIndex = true;
        int maxBatchRows = 20000; // rows per group-commit transaction (a request is never split)
        // SQLite: the WAL size (16 KiB pages) at which a checkpoint pass starts on a thread of
        // its own (AuditWalCheckpointer); 4,096 pages are 64 MiB.
        int walCheckpointPages = 4096;
    };
    struct WriteResult
    {
        qint64 inserted = 0;   // new events
        qint64 duplicates = 0; // ids already stored, or repeated within the batch
        QString error;         // non-empty: nothing of the request was stored (recordBatch: of
                               // the chunks that failed)
        bool ok() const { return error.isEmpty(); }
    };

private:
    struct Request;

public:
    // A batch queued by recordRowsLater(), until wait() has its result.
    class PendingWrite
    {
    public:
        bool isNull() const { return !m_request; }

    private:
        friend class AuditStore;
        std::shared_ptr<Request> m_request;
    };

    // Migrates the "audit" component of `database` (which must outlive the store) and starts
    // the writer thread.
    static std::unique_ptr<AuditStore> open(Database *database, QString *error);
    static std::unique_ptr<AuditStore> open(Database *database, const Options &options,
                                            QString *error);
    static QList<Database::Migration> migrations();
    ~AuditStore() override;
    AuditStore(const AuditStore &) = delete;
    AuditStore &operator=(const AuditStore &) = delete;

    // Blocks until the transaction holding the event has committed. Failures are logged (the
    // AuditSink interface has no error path); tryRecord() reports them.
    void record(const AuditEvent &event) override;
    bool tryRecord(const AuditEvent &event, QString *error);
    // For ingest: the events, deduplicated by id, converted and stored in chunks (of up to
    // kRecordBatchChunk), a chunk being stored while the next is converted. Not all or nothing:
    // after an error, the counts are those of the chunks stored, and sending the batch again
    // stores the rest (the ids already stored count as duplicates).
    static constexpr qsizetype kRecordBatchChunk = 4000;
    WriteResult recordBatch(const QList<AuditEvent> &events);
    // The same for rows already in stored form (AuditRow::fromEvent), as the importer has them.
    // With an importId the rows are part of that import, which is all or nothing: its rows are
    // kept by completeImport() and removed by takeBackImport(), or at the next open when neither
    // ran (a crash). Readers see them in between.
    WriteResult recordRows(QList<AuditRow> rows, const QString &importId = {});
    // The same without waiting, for a producer that prepares its next batch while the writer
    // stores this one; wait() blocks until this batch has committed (or failed) and says how.
    // Batches of one producer are stored in the order it queued them.
    PendingWrite recordRowsLater(QList<AuditRow> rows, const QString &importId = {});
    WriteResult wait(const PendingWrite &pending);
    QString completeImport(const QString &importId);                            // "" or why
    QString takeBackImport(const QString &importId, qint64 *removed = nullptr); // "" or why

    std::optional<AuditEvent> get(const QString &id, QString *error) const;
    // One page in the query's order, with cursors and (when withTotal) the total estimate.
    std::optional<AuditPage> query(const AuditQuery &query, QString *error,
                                   bool withTotal = true) const;
    // The number of events the filters select (cursor, limit and order ignored).
    std::optional<std::pair<qint64, AuditPage::TotalKind>> count(const AuditQuery &query,
                                                                 QString *error) const;
    // Every event the filters select (cursor, limit and order ignored), oldest first, in chunks
    // of `chunkRows`, all read in one snapshot so the set is exactly the filtered set at the
    // start. `sink` returns false to stop early (cancel). Returns false on a database error.
    bool scan(const AuditQuery &filter, const std::function<bool(const QList<AuditRow> &)> &sink,
              QString *error, int chunkRows = 5000) const;

    // The same set for the CSV export on SQLite, as the UTF-8 text SQLite holds (no QString in
    // between), in one read transaction. False with `error` on a database error; on PostgreSQL
    // it reads nothing and says so: use scan().
    bool scanRaw(const AuditQuery &filter, const AuditSqliteReader::RowSink &sink,
                 QString *error) const;

    bool fullTextStale() const;
    bool rebuildFullTextIndex(QString *error);
    Database::Kind kind() const { return m_database->kind(); }

private:
    AuditStore(Database *database, const Options &options);
    void writerLoop();
    void takeQueued(std::vector<std::shared_ptr<Request>> &batch, qsizetype &rows);
    QString writeTransaction(AuditBatchWriter &writer, std::vector<std::shared_ptr<Request>> &batch,
                             qsizetype rows);
    QString writeRequests(AuditBatchWriter &writer,
                          const std::vector<std::shared_ptr<Request>> &batch, size_t from);
    void runImportControl(Request &request);
    WriteResult submit(std::shared_ptr<Request> request);
    PendingWrite enqueue(std::shared_ptr<Request> request);
    QList<AuditRow> select(const QString &where, const QVariantList &binds, bool ascending,
                           int limit, QString *error) const;

    Database *m_database;
    Options m_options;
    std::atomic_bool m_ftsStale = false;

    std::mutex m_mutex;
    std::condition_variable m_wakeWriter;
    std::condition_variable m_batchDone;
    std::deque<std::shared_ptr<Request>> m_queue;
    bool m_stopping = false;
    std::thread m_writer;
};

} // namespace gantry
