// Writes batches of audit rows into SQLite through the sqlite3 C API on the writer thread's own
// connection (QSqlDriver::handle()): the INSERT statements are prepared once and reused, text is
// bound as UTF-8 from one reused buffer (AuditUtf8Row).
// QSqlQuery's per-row QVariant binding cost several times more than SQLite's own work.
#pragma once

#include "audit/auditbatchwriter.h"
#include "audit/auditentityrefs.h"
#include "audit/auditidfilter.h"
#include "audit/auditutf8row.h"

#include <QSqlDatabase>

struct sqlite3;
struct sqlite3_stmt;

namespace gantry {

class AuditSqliteWriter final : public AuditBatchWriter
{
public:
    // `connection` must be an open QSQLITE connection of the calling thread, used only by it.
    AuditSqliteWriter(QSqlDatabase connection, bool fullTextIndex);
    ~AuditSqliteWriter() override;
    AuditSqliteWriter(const AuditSqliteWriter &) = delete;
    AuditSqliteWriter &operator=(const AuditSqliteWriter &) = delete;

    QString begin() override;
    QString write(const QList<AuditRow *> &rows, const QList<QString> &importOf,
                  QList<bool> &isNew) override;
    QString commit() override;
    void rollback() override;

private:
    QString prepare();
    // The filter of the ids stored so far, read once from the table: every later write is this
    // writer's.
    QString loadIds();
    // Whether the event is stored already (or earlier in this batch), through the filter; none
    // on a database error.
    std::optional<bool> isStored(const AuditRow &row, qint64 idKey);
    // One lookup statement's answer for the bound values: found, not found, or an error.
    std::optional<bool> found(sqlite3_stmt *lookup);
    // The ref of an (id, name) pair, made in audit_entities when new; none on a database error.
    // The fields are the pair's in m_text, the row being written.
    std::optional<qint64> entityRef(const QString &id, const QString &name,
                                    AuditUtf8Row::Field idField, AuditUtf8Row::Field nameField);
    QString error(const char *what) const;
    bool run(const char *sql);

    QSqlDatabase m_connection; // keeps the handle alive
    sqlite3 *m_db = nullptr;
    bool m_fullTextIndex;
    sqlite3_stmt *m_insert = nullptr;
    sqlite3_stmt *m_timeLookup = nullptr;   // by (occurred_at, id): a re-sent event
    sqlite3_stmt *m_bucketLookup = nullptr; // by (seq bucket, id_key, id): any event
    sqlite3_stmt *m_newestSeq = nullptr;
    sqlite3_stmt *m_fts = nullptr;
    sqlite3_stmt *m_journal = nullptr;
    sqlite3_stmt *m_entityInsert = nullptr;
    sqlite3_stmt *m_entitySelect = nullptr;
    AuditEntityRefs m_refs;
    AuditUtf8Row m_text; // the row being written
    std::optional<AuditIdFilter> m_ids;
};

} // namespace gantry
