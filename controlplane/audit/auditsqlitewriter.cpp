#include "auditsqlitewriter.h"

#include "auditidkey.h"
#include "auditimportjournal.h"
#include "auditseqbucket.h"
#include "store/database.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

#include <sqlite3.h>

#include <algorithm>

// Quiet by default (gantryd's stderr carries only what needs attention); the id filter's load
// time shows with QT_LOGGING_RULES="gantry.audit.writer.info=true".
Q_LOGGING_CATEGORY(lcAuditWriter, "gantry.audit.writer", QtWarningMsg)

namespace gantry {

AuditSqliteWriter::AuditSqliteWriter(QSqlDatabase connection, bool fullTextIndex)
    : m_connection(std::move(connection))
    , m_db(Database::sqliteHandle(m_connection))
    , m_fullTextIndex(fullTextIndex)
{}

AuditSqliteWriter::~AuditSqliteWriter()
{
    sqlite3_finalize(m_insert);
    sqlite3_finalize(m_timeLookup);
    sqlite3_finalize(m_bucketLookup);
    sqlite3_finalize(m_newestSeq);
    sqlite3_finalize(m_fts);
    sqlite3_finalize(m_journal);
    sqlite3_finalize(m_entityInsert);
    sqlite3_finalize(m_entitySelect);
}

QString AuditSqliteWriter::error(const char *what) const
{
    return QStringLiteral("%1: %2").arg(QLatin1String(what),
                                        m_db ? QString::fromUtf8(sqlite3_errmsg(m_db))
                                             : QStringLiteral("no SQLite handle"));
}

bool AuditSqliteWriter::run(const char *sql)
{
    return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

QString AuditSqliteWriter::prepare()
{
    if (!m_db)
        return QStringLiteral("the audit store's SQLite connection has no sqlite3 handle");
    if (!m_insert &&
        sqlite3_prepare_v3(m_db,
                           "INSERT INTO audit_events (id, occurred_at, action, actor, target, "
                           "scope, request, payload, metadata, version, success, actor_id, "
                           "actor_name, target_id, target_name, actor_ref, target_ref, id_key) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, SQLITE_PREPARE_PERSISTENT, &m_insert, nullptr) != SQLITE_OK)
        return error("cannot prepare the audit insert");
    // Separate statements: an INSERT ... SELECT that reads its own table copies each row
    // through a temporary table first, which halved the ingest rate.
    if (!m_timeLookup &&
        sqlite3_prepare_v3(m_db, "SELECT 1 FROM audit_events WHERE occurred_at = ? AND id = ?", -1,
                           SQLITE_PREPARE_PERSISTENT, &m_timeLookup, nullptr) != SQLITE_OK)
        return error("cannot prepare the audit id lookup by time");
    if (!m_bucketLookup &&
        sqlite3_prepare_v3(m_db,
                           QStringLiteral("SELECT 1 FROM audit_events WHERE %1 = ? AND id_key = ? "
                                          "AND id = ?")
                               .arg(AuditSeqBucket::sql())
                               .toUtf8()
                               .constData(),
                           -1, SQLITE_PREPARE_PERSISTENT, &m_bucketLookup, nullptr) != SQLITE_OK)
        return error("cannot prepare the audit id lookup by key");
    if (!m_newestSeq &&
        sqlite3_prepare_v3(m_db, "SELECT max(seq) FROM audit_events", -1, SQLITE_PREPARE_PERSISTENT,
                           &m_newestSeq, nullptr) != SQLITE_OK)
        return error("cannot prepare the newest seq's lookup");
    if (m_fullTextIndex && !m_fts &&
        sqlite3_prepare_v3(m_db,
                           "INSERT INTO audit_fts (rowid, action, actor_name, target_name, "
                           "payload) VALUES (?, ?, ?, ?, ?)",
                           -1, SQLITE_PREPARE_PERSISTENT, &m_fts, nullptr) != SQLITE_OK)
        return error("cannot prepare the full-text insert");
    if (!m_journal &&
        sqlite3_prepare_v3(m_db,
                           "INSERT INTO audit_import_journal (import_id, first_seq, last_seq) "
                           "VALUES (?, ?, ?)",
                           -1, SQLITE_PREPARE_PERSISTENT, &m_journal, nullptr) != SQLITE_OK)
        return error("cannot prepare the import journal insert");
    if (!m_entityInsert &&
        sqlite3_prepare_v3(m_db, "INSERT OR IGNORE INTO audit_entities (id, name) VALUES (?, ?)",
                           -1, SQLITE_PREPARE_PERSISTENT, &m_entityInsert, nullptr) != SQLITE_OK)
        return error("cannot prepare the entity insert");
    if (!m_entitySelect &&
        sqlite3_prepare_v3(m_db, "SELECT ref FROM audit_entities WHERE id = ? AND name = ?", -1,
                           SQLITE_PREPARE_PERSISTENT, &m_entitySelect, nullptr) != SQLITE_OK)
        return error("cannot prepare the entity lookup");
    if (!m_ids)
        return loadIds();
    return {};
}

QString AuditSqliteWriter::loadIds()
{
    QElapsedTimer timer;
    timer.start();
    sqlite3_stmt *statement = nullptr;
    auto fail = [&](const char *what) {
        sqlite3_finalize(statement);
        return error(what);
    };
    // Room for twice the events stored: the newest seq tells their number (a take-back leaves a
    // gap, no more) in one seek, where count(*) would scan a whole index.
    if (sqlite3_step(m_newestSeq) != SQLITE_ROW) {
        sqlite3_reset(m_newestSeq);
        return error("cannot read the newest audit seq");
    }
    AuditIdFilter ids(2 * sqlite3_column_int64(m_newestSeq, 0));
    sqlite3_reset(m_newestSeq);
    // The id key index covers the query: a scan of its leaves, not of the table.
    if (sqlite3_prepare_v2(m_db, "SELECT id_key FROM audit_events INDEXED BY audit_events_id_key",
                           -1, &statement, nullptr) != SQLITE_OK)
        return fail("cannot read the stored audit ids");
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW)
        ids.add(sqlite3_column_int64(statement, 0));
    if (step != SQLITE_DONE)
        return fail("cannot read the stored audit ids");
    sqlite3_finalize(statement);
    qCInfo(lcAuditWriter).noquote()
        << QStringLiteral("read %1 stored audit ids into the id filter in %2 ms "
                          "(%3 MiB)")
               .arg(ids.size())
               .arg(timer.elapsed())
               .arg(double(ids.bytes()) / 1048576.0, 0, 'f', 1);
    m_ids.emplace(std::move(ids));
    return {};
}

std::optional<bool> AuditSqliteWriter::found(sqlite3_stmt *lookup)
{
    const int step = sqlite3_step(lookup);
    sqlite3_reset(lookup);
    if (step == SQLITE_ROW)
        return true;
    if (step == SQLITE_DONE)
        return false;
    return std::nullopt;
}

std::optional<bool> AuditSqliteWriter::isStored(const AuditRow &row, qint64 idKey)
{
    if (!m_ids->mayContain(idKey))
        return false;
    // A duplicate is nearly always the same event sent again, at the same time: one seek.
    sqlite3_bind_int64(m_timeLookup, 1, row.occurredAtNs);
    m_text.bind(m_timeLookup, 2, AuditUtf8Row::Id);
    std::optional<bool> stored = found(m_timeLookup);
    sqlite3_clear_bindings(m_timeLookup);
    if (stored != false)
        return stored;
    // Otherwise a false positive of the filter, or the same id at another time: every bucket,
    // newest first (a resent event is recent).
    if (sqlite3_step(m_newestSeq) != SQLITE_ROW) {
        sqlite3_reset(m_newestSeq);
        return std::nullopt;
    }
    const qint64 newest = AuditSeqBucket::of(sqlite3_column_int64(m_newestSeq, 0));
    sqlite3_reset(m_newestSeq);
    for (qint64 bucket = newest; stored == false && bucket >= 0; --bucket) {
        sqlite3_bind_int64(m_bucketLookup, 1, bucket);
        sqlite3_bind_int64(m_bucketLookup, 2, idKey);
        m_text.bind(m_bucketLookup, 3, AuditUtf8Row::Id);
        stored = found(m_bucketLookup);
    }
    sqlite3_clear_bindings(m_bucketLookup);
    return stored;
}

std::optional<qint64> AuditSqliteWriter::entityRef(const QString &id, const QString &name,
                                                   AuditUtf8Row::Field idField,
                                                   AuditUtf8Row::Field nameField)
{
    if (const auto ref = m_refs.find(id, name))
        return ref;
    std::optional<qint64> ref;
    sqlite3_reset(m_entityInsert);
    m_text.bindKey(m_entityInsert, 1, idField);
    m_text.bindKey(m_entityInsert, 2, nameField);
    if (sqlite3_step(m_entityInsert) == SQLITE_DONE) {
        if (sqlite3_changes(m_db) == 1) {
            ref = sqlite3_last_insert_rowid(m_db);
        } else {
            sqlite3_reset(m_entitySelect);
            m_text.bindKey(m_entitySelect, 1, idField);
            m_text.bindKey(m_entitySelect, 2, nameField);
            if (sqlite3_step(m_entitySelect) == SQLITE_ROW)
                ref = sqlite3_column_int64(m_entitySelect, 0);
            sqlite3_reset(m_entitySelect);
            sqlite3_clear_bindings(m_entitySelect);
        }
    }
    sqlite3_reset(m_entityInsert);
    sqlite3_clear_bindings(m_entityInsert);
    if (ref)
        m_refs.add(id, name, *ref);
    return ref;
}

QString AuditSqliteWriter::write(const QList<AuditRow *> &rows, const QList<QString> &importOf,
                                 QList<bool> &isNew)
{
    QString why;
    const bool journaled = std::any_of(importOf.begin(), importOf.end(),
                                       [](const QString &id) { return !id.isEmpty(); });
    QList<qint64> seqs(journaled ? rows.size() : 0, 0);
    for (qsizetype i = 0; why.isEmpty() && i < rows.size(); ++i) {
        const AuditRow &r = *rows[i];
        m_text.encode(r);
        const qint64 idKey = auditIdKey(m_text.view(AuditUtf8Row::Id));
        const std::optional<bool> stored = isStored(r, idKey);
        if (!stored) {
            why = error("cannot look up an audit event's id");
            break;
        }
        if (*stored)
            continue; // stored before, or earlier in this batch
        const std::optional<qint64> actorRef =
            entityRef(r.actorId, r.actorName, AuditUtf8Row::ActorId, AuditUtf8Row::ActorName);
        const std::optional<qint64> targetRef =
            entityRef(r.targetId, r.targetName, AuditUtf8Row::TargetId, AuditUtf8Row::TargetName);
        if (!actorRef || !targetRef) {
            why = error("cannot store an audit event's actor or target");
            break;
        }
        sqlite3_reset(m_insert);
        m_text.bind(m_insert, 1, AuditUtf8Row::Id);
        sqlite3_bind_int64(m_insert, 2, r.occurredAtNs);
        m_text.bind(m_insert, 3, AuditUtf8Row::Action);
        m_text.bind(m_insert, 4, AuditUtf8Row::Actor);
        m_text.bind(m_insert, 5, AuditUtf8Row::Target);
        m_text.bind(m_insert, 6, AuditUtf8Row::Scope);
        m_text.bind(m_insert, 7, AuditUtf8Row::Request);
        m_text.bind(m_insert, 8, AuditUtf8Row::Payload);
        m_text.bind(m_insert, 9, AuditUtf8Row::Metadata);
        sqlite3_bind_int(m_insert, 10, r.version);
        sqlite3_bind_int(m_insert, 11, r.success ? 1 : 0);
        m_text.bind(m_insert, 12, AuditUtf8Row::ActorId);
        m_text.bind(m_insert, 13, AuditUtf8Row::ActorName);
        m_text.bind(m_insert, 14, AuditUtf8Row::TargetId);
        m_text.bind(m_insert, 15, AuditUtf8Row::TargetName);
        sqlite3_bind_int64(m_insert, 16, *actorRef);
        sqlite3_bind_int64(m_insert, 17, *targetRef);
        sqlite3_bind_int64(m_insert, 18, idKey);
        if (sqlite3_step(m_insert) != SQLITE_DONE) {
            why = error("cannot insert an audit event");
            break;
        }
        isNew[i] = true;
        const qint64 seq = sqlite3_last_insert_rowid(m_db);
        m_ids->add(idKey); // kept if the batch rolls back: a false positive, no more
        if (journaled)
            seqs[i] = seq;
        if (m_fullTextIndex) {
            sqlite3_reset(m_fts);
            sqlite3_bind_int64(m_fts, 1, seq);
            m_text.bind(m_fts, 2, AuditUtf8Row::Action);
            m_text.bind(m_fts, 3, AuditUtf8Row::ActorName);
            m_text.bind(m_fts, 4, AuditUtf8Row::TargetName);
            m_text.bind(m_fts, 5, AuditUtf8Row::Payload);
            if (sqlite3_step(m_fts) != SQLITE_DONE)
                why = error("cannot index an audit event");
        }
    }
    if (journaled) {
        for (const AuditImportJournal::Range &r : AuditImportJournal::ranges(importOf, seqs)) {
            if (!why.isEmpty())
                break;
            sqlite3_reset(m_journal);
            const QByteArray importId = r.importId.toUtf8();
            sqlite3_bind_text(m_journal, 1, importId.constData(), int(importId.size()),
                              SQLITE_TRANSIENT);
            sqlite3_bind_int64(m_journal, 2, r.firstSeq);
            sqlite3_bind_int64(m_journal, 3, r.lastSeq);
            if (sqlite3_step(m_journal) != SQLITE_DONE)
                why = error("cannot note the import's rows");
        }
        sqlite3_reset(m_journal);
        sqlite3_clear_bindings(m_journal);
    }
    // Unbound before the rows go: the statements hold pointers into their text.
    sqlite3_reset(m_insert);
    sqlite3_clear_bindings(m_insert);
    if (m_fts) {
        sqlite3_reset(m_fts);
        sqlite3_clear_bindings(m_fts);
    }
    return why;
}

QString AuditSqliteWriter::begin()
{
    if (QString why = prepare(); !why.isEmpty())
        return why;
    return run("BEGIN IMMEDIATE") ? QString() : error("cannot begin");
}

QString AuditSqliteWriter::commit()
{
    if (!run("COMMIT"))
        return error("cannot commit");
    m_refs.commit();
    return {};
}

void AuditSqliteWriter::rollback()
{
    run("ROLLBACK");
    m_refs.rollback();
}

} // namespace gantry
