#include "auditstore.h"

#include "auditidkey.h"
#include "auditimportjournal.h"
#include "auditpostgreswriter.h"
#include "auditseqbucket.h"
#include "auditsqlitewriter.h"
#include "auditwalcheckpointer.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcAuditStore, "gantry.audit.store")

namespace gantry {

namespace {

const QString kColumns = QStringLiteral(
    "id, action, actor, target, scope, request, payload, metadata, occurred_at, version, success");

QString sqlError(const QSqlQuery &q)
{
    return q.lastError().text();
}

bool exec(QSqlQuery &q, const QString &sql, const QVariantList &binds, QString *error)
{
    if (!q.prepare(sql)) {
        if (error)
            *error = sqlError(q);
        return false;
    }
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec()) {
        if (error)
            *error = sqlError(q);
        return false;
    }
    return true;
}

// The keyset condition: rows strictly after (ascending) or before (descending) the key.
QString keyCondition(bool ascending, const AuditQuery::Position &p, QVariantList *binds)
{
    *binds << p.occurredAtNs << p.occurredAtNs << p.id;
    return ascending ? QStringLiteral("occurred_at >= ? AND (occurred_at > ? OR id > ?)")
                     : QStringLiteral("occurred_at <= ? AND (occurred_at < ? OR id < ?)");
}

} // namespace

struct AuditStore::Request
{
    enum class Kind { Rows, CompleteImport, TakeBackImport };
    Kind kind = Kind::Rows;
    QList<AuditRow> rows;
    QString importId;
    WriteResult result; // TakeBackImport: inserted counts the rows removed
    bool done = false;
};

QList<Database::Migration> AuditStore::migrations()
{
    const QString indexes[] = {
        "CREATE INDEX audit_events_time ON audit_events (occurred_at, id)",
        "CREATE INDEX audit_events_action ON audit_events (action, occurred_at, id)",
        "CREATE INDEX audit_events_actor_id ON audit_events (actor_id)",
        "CREATE INDEX audit_events_actor_name ON audit_events (actor_name)",
        "CREATE INDEX audit_events_target_id ON audit_events (target_id)",
        "CREATE INDEX audit_events_target_name ON audit_events (target_name)",
    };
    QStringList sqlite{
        "CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
        "occurred_at INTEGER NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL, "
        "target TEXT NOT NULL, scope TEXT NOT NULL, request TEXT NOT NULL, "
        "payload TEXT NOT NULL, metadata TEXT NOT NULL, version INTEGER NOT NULL, "
        "success INTEGER NOT NULL, actor_id TEXT, actor_name TEXT, target_id TEXT, "
        "target_name TEXT)",
        // External content: the text lives once, in audit_events; 'rebuild' can regenerate it.
        "CREATE VIRTUAL TABLE audit_fts USING fts5(action, actor_name, target_name, payload, "
        "content='audit_events', content_rowid='seq')",
        "CREATE TABLE audit_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    };
    // COLLATE "C": keyset paging and the action-prefix range compare bytes, as SQLite does.
    QStringList postgres{
        "CREATE TABLE audit_events (seq BIGSERIAL PRIMARY KEY, "
        "id TEXT COLLATE \"C\" NOT NULL UNIQUE, occurred_at BIGINT NOT NULL, "
        "action TEXT COLLATE \"C\" NOT NULL, actor TEXT NOT NULL, target TEXT NOT NULL, "
        "scope TEXT NOT NULL, request TEXT NOT NULL, payload TEXT NOT NULL, "
        "metadata TEXT NOT NULL, version INTEGER NOT NULL, success BOOLEAN NOT NULL, "
        "actor_id TEXT, actor_name TEXT, target_id TEXT, target_name TEXT, "
        // Punctuation becomes spaces first so "workflow.job.start" is three words, as in FTS5
        // ([:punct:], not [^[:alnum:]]: in the C locale non-ASCII letters are not alnum).
        "search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "
        "regexp_replace(action || ' ' || coalesce(actor_name, '') || ' ' || "
        "coalesce(target_name, '') || ' ' || payload, '[[:punct:]]+', ' ', 'g'))) STORED)",
        "CREATE INDEX audit_events_search ON audit_events USING GIN (search)",
        "CREATE TABLE audit_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    };
    for (const QString &index : indexes) {
        sqlite << index;
        postgres << index;
    }
    // Actors and targets by ref (AuditEntityRefs): the pairs of the events stored so far, then
    // their refs, then two integer indexes in place of the four text ones.
    auto entityRefs = [](bool postgres) {
        const QString pairs = QStringLiteral(
            "SELECT coalesce(actor_id, ''), coalesce(actor_name, '') FROM audit_events UNION "
            "SELECT coalesce(target_id, ''), coalesce(target_name, '') FROM audit_events");
        const QString refOf = QStringLiteral(
            "(SELECT ref FROM audit_entities e WHERE e.id = coalesce(audit_events.%1_id, '') AND "
            "e.name = coalesce(audit_events.%1_name, ''))");
        return QStringList{
            postgres ? QStringLiteral("CREATE TABLE audit_entities (ref BIGSERIAL PRIMARY KEY, "
                                      "id TEXT NOT NULL, name TEXT NOT NULL, UNIQUE (id, name))")
                     : QStringLiteral("CREATE TABLE audit_entities (ref INTEGER PRIMARY KEY, "
                                      "id TEXT NOT NULL, name TEXT NOT NULL, UNIQUE (id, name))"),
            QStringLiteral("CREATE INDEX audit_entities_name ON audit_entities (name)"),
            QStringLiteral("INSERT INTO audit_entities (id, name) %1").arg(pairs),
            QStringLiteral("ALTER TABLE audit_events ADD COLUMN actor_ref %1")
                .arg(postgres ? "BIGINT" : "INTEGER"),
            QStringLiteral("ALTER TABLE audit_events ADD COLUMN target_ref %1")
                .arg(postgres ? "BIGINT" : "INTEGER"),
            QStringLiteral("UPDATE audit_events SET actor_ref = %1, target_ref = %2")
                .arg(refOf.arg("actor"), refOf.arg("target")),
            QStringLiteral("DROP INDEX audit_events_actor_id"),
            QStringLiteral("DROP INDEX audit_events_actor_name"),
            QStringLiteral("DROP INDEX audit_events_target_id"),
            QStringLiteral("DROP INDEX audit_events_target_name"),
            QStringLiteral("CREATE INDEX audit_events_actor_ref ON audit_events (actor_ref)"),
            QStringLiteral("CREATE INDEX audit_events_target_ref ON audit_events (target_ref)"),
        };
    };
    // SQLite: the id's UNIQUE text index becomes an integer key (auditidkey.h). A UNIQUE column
    // constraint cannot be dropped, so the table is copied (seq, hence the full-text rowids and
    // the import journal's ranges, unchanged) and its indexes built after the rows.
    const QString columns = QStringLiteral(
        "seq, id, occurred_at, action, actor, target, scope, request, payload, metadata, "
        "version, success, actor_id, actor_name, target_id, target_name, actor_ref, target_ref");
    const QStringList idKeys{
        "CREATE TABLE audit_events_keyed (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, "
        "occurred_at INTEGER NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL, "
        "target TEXT NOT NULL, scope TEXT NOT NULL, request TEXT NOT NULL, "
        "payload TEXT NOT NULL, metadata TEXT NOT NULL, version INTEGER NOT NULL, "
        "success INTEGER NOT NULL, actor_id TEXT, actor_name TEXT, target_id TEXT, "
        "target_name TEXT, actor_ref INTEGER, target_ref INTEGER, id_key INTEGER NOT NULL)",
        QStringLiteral("INSERT INTO audit_events_keyed (%1, id_key) SELECT %1, "
                       "gantry_audit_id_key(id) FROM audit_events ORDER BY seq")
            .arg(columns),
        "DROP TABLE audit_events",
        "ALTER TABLE audit_events_keyed RENAME TO audit_events",
        indexes[0],
        indexes[1],
        "CREATE INDEX audit_events_actor_ref ON audit_events (actor_ref)",
        "CREATE INDEX audit_events_target_ref ON audit_events (target_ref)",
        "CREATE INDEX audit_events_id_key ON audit_events (id_key)",
    };
    // SQLite: the ref indexes under a seq bucket (auditseqbucket.h).
    const QStringList bucketedRefs{
        "DROP INDEX audit_events_actor_ref",
        "DROP INDEX audit_events_target_ref",
        QStringLiteral("CREATE INDEX audit_events_actor_ref ON audit_events (seq >> %1, actor_ref)")
            .arg(AuditSeqBucket::kBits),
        QStringLiteral(
            "CREATE INDEX audit_events_target_ref ON audit_events (seq >> %1, target_ref)")
            .arg(AuditSeqBucket::kBits),
    };
    // SQLite: the id key's index under a seq bucket too; the writer's AuditIdFilter spares it
    // nearly every search.
    const QStringList bucketedIdKey{
        "DROP INDEX audit_events_id_key",
        QStringLiteral("CREATE INDEX audit_events_id_key ON audit_events (seq >> %1, id_key)")
            .arg(AuditSeqBucket::kBits),
    };
    return {{1, "audit events", sqlite, postgres},
            {2,
             "audit import journal",
             {AuditImportJournal::createSql(Database::Kind::Sqlite)},
             {AuditImportJournal::createSql(Database::Kind::Postgres)}},
            {3, "audit entity refs", entityRefs(false), entityRefs(true)},
            {4, "audit id keys", idKeys, {QStringLiteral("SELECT 1")}},
            {5, "audit entity indexes by seq bucket", bucketedRefs, {QStringLiteral("SELECT 1")}},
            {6, "audit id key by seq bucket", bucketedIdKey, {QStringLiteral("SELECT 1")}}};
}

std::unique_ptr<AuditStore> AuditStore::open(Database *database, QString *error)
{
    return open(database, Options{}, error);
}

std::unique_ptr<AuditStore> AuditStore::open(Database *database, const Options &options,
                                             QString *error)
{
    if (database->kind() == Database::Kind::Sqlite) {
        if (const QString why =
                registerAuditIdKeyFunction(Database::sqliteHandle(database->connection()));
            !why.isEmpty()) {
            if (error)
                *error = QStringLiteral("cannot register the audit id key function: %1").arg(why);
            return nullptr;
        }
    }
    const QString why = database->migrate(QStringLiteral("audit"), migrations());
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return nullptr;
    }
    std::unique_ptr<AuditStore> store(new AuditStore(database, options));
    QSqlQuery q(database->connection());
    if (database->kind() == Database::Kind::Sqlite) {
        QString err;
        if (!exec(q, "SELECT value FROM audit_state WHERE key = 'fts_stale'", {}, &err)) {
            if (error)
                *error = err;
            return nullptr;
        }
        store->m_ftsStale = q.next() && q.value(0).toString() == "1";
        if (!options.fullTextIndex && !store->m_ftsStale) {
            if (!exec(q,
                      "INSERT OR REPLACE INTO audit_state (key, value) VALUES "
                      "('fts_stale', '1')",
                      {}, &err)) {
                if (error)
                    *error = err;
                return nullptr;
            }
            store->m_ftsStale = true;
        } else if (options.fullTextIndex && store->m_ftsStale) {
            qCInfo(lcAuditStore) << "rebuilding the audit full-text index";
            if (!store->rebuildFullTextIndex(error))
                return nullptr;
        }
    }
    int imports = 0;
    qint64 removed = 0;
    if (const QString why = AuditImportJournal::recover(database->connection(), database->kind(),
                                                        !store->m_ftsStale, &imports, &removed);
        !why.isEmpty()) {
        if (error)
            *error = QStringLiteral("cannot take back an unfinished audit import: %1").arg(why);
        return nullptr;
    }
    if (imports > 0)
        qCWarning(lcAuditStore).noquote()
            << QStringLiteral("took back %1 unfinished audit import(s) (%2 events): they were "
                              "cut short, by a crash or a stop, before they completed")
                   .arg(imports)
                   .arg(removed);
    store->m_writer = std::thread([s = store.get()] { s->writerLoop(); });
    return store;
}

AuditStore::AuditStore(Database *database, const Options &options)
    : m_database(database)
    , m_options(options)
{}

AuditStore::~AuditStore()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wakeWriter.notify_all();
    if (m_writer.joinable())
        m_writer.join();
}

void AuditStore::record(const AuditEvent &event)
{
    QString why;
    if (!tryRecord(event, &why))
        qCCritical(lcAuditStore) << "cannot store audit event" << event.id << event.action << why;
}

bool AuditStore::tryRecord(const AuditEvent &event, QString *error)
{
    const WriteResult r = recordRows({AuditRow::fromEvent(event)});
    if (!r.ok() && error)
        *error = r.error;
    return r.ok();
}

AuditStore::WriteResult AuditStore::recordBatch(const QList<AuditEvent> &events)
{
    // Each chunk is queued as soon as it is converted: the writer stores one while this thread
    // converts the next, and takes whatever is queued into its next transaction. The first
    // chunks are small so that the writer starts early; they double up to kRecordBatchChunk.
    std::vector<PendingWrite> chunks;
    qsizetype chunk = kRecordBatchChunk / 8;
    for (qsizetype start = 0; start < events.size(); start += chunk, chunk *= 2) {
        chunk = std::min(chunk, kRecordBatchChunk);
        const qsizetype end = std::min(events.size(), start + chunk);
        QList<AuditRow> rows;
        rows.reserve(end - start);
        for (qsizetype i = start; i < end; ++i)
            rows.append(AuditRow::fromEvent(events[i]));
        chunks.push_back(recordRowsLater(std::move(rows)));
    }
    WriteResult total;
    for (const PendingWrite &pending : chunks) {
        const WriteResult r = wait(pending);
        total.inserted += r.inserted;
        total.duplicates += r.duplicates;
        if (total.error.isEmpty())
            total.error = r.error;
    }
    return total;
}

AuditStore::WriteResult AuditStore::recordRows(QList<AuditRow> rows, const QString &importId)
{
    return wait(recordRowsLater(std::move(rows), importId));
}

AuditStore::PendingWrite AuditStore::recordRowsLater(QList<AuditRow> rows, const QString &importId)
{
    if (rows.isEmpty())
        return {}; // nothing to store: wait() has nothing to wait for
    auto request = std::make_shared<Request>();
    request->rows = std::move(rows);
    request->importId = importId;
    return enqueue(std::move(request));
}

QString AuditStore::completeImport(const QString &importId)
{
    auto request = std::make_shared<Request>();
    request->kind = Request::Kind::CompleteImport;
    request->importId = importId;
    return submit(std::move(request)).error;
}

QString AuditStore::takeBackImport(const QString &importId, qint64 *removed)
{
    auto request = std::make_shared<Request>();
    request->kind = Request::Kind::TakeBackImport;
    request->importId = importId;
    const WriteResult r = submit(std::move(request));
    if (removed)
        *removed = r.inserted;
    return r.error;
}

void AuditStore::runImportControl(Request &request)
{
    QSqlDatabase db = m_database->connection();
    if (request.kind == Request::Kind::CompleteImport)
        request.result.error = AuditImportJournal::complete(db, request.importId);
    else
        request.result.error = AuditImportJournal::takeBack(
            db, m_database->kind(), !m_ftsStale, request.importId, &request.result.inserted);
}

AuditStore::WriteResult AuditStore::submit(std::shared_ptr<Request> request)
{
    return wait(enqueue(std::move(request)));
}

AuditStore::PendingWrite AuditStore::enqueue(std::shared_ptr<Request> request)
{
    PendingWrite pending;
    pending.m_request = request;
    std::lock_guard lock(m_mutex);
    if (m_stopping) {
        request->result = {0, 0, QStringLiteral("the audit store is closing")};
        request->done = true;
        return pending;
    }
    m_queue.push_back(std::move(request));
    m_wakeWriter.notify_one();
    return pending;
}

AuditStore::WriteResult AuditStore::wait(const PendingWrite &pending)
{
    if (!pending.m_request)
        return {};
    QList<AuditRow> rows;
    std::unique_lock lock(m_mutex);
    m_batchDone.wait(lock, [&] { return pending.m_request->done; });
    // Freed here, in the producer's thread, after the unlock: the writer goes on with the next
    // batch instead of freeing this one, and memory goes back to the arena it came from.
    rows.swap(pending.m_request->rows);
    return pending.m_request->result;
}

// Group commit: whatever producers queued while the previous transaction ran goes into the
// next one, so many threads share each commit's cost.
void AuditStore::writerLoop()
{
    std::unique_ptr<AuditWalCheckpointer> checkpointer; // goes after the writer's statements
    std::unique_ptr<AuditBatchWriter> writer;
    if (m_database->kind() == Database::Kind::Sqlite) {
        QSqlQuery q(m_database->connection());
        q.exec(QStringLiteral("PRAGMA cache_size=-65536")); // the id index takes random inserts
        // The WAL file is cut back to the checkpoint size when it starts over, instead of
        // keeping the largest size a bulk import gave it.
        const qint64 pageSize =
            q.exec(QStringLiteral("PRAGMA page_size")) && q.next() ? q.value(0).toLongLong() : 0;
        q.exec(QStringLiteral("PRAGMA journal_size_limit=%1")
                   .arg(qint64(m_options.walCheckpointPages) * std::max<qint64>(pageSize, 4096)));
        checkpointer =
            std::make_unique<AuditWalCheckpointer>(m_database, m_options.walCheckpointPages);
        checkpointer->attach(Database::sqliteHandle(m_database->connection()));
        writer =
            std::make_unique<AuditSqliteWriter>(m_database->connection(), m_options.fullTextIndex);
    } else {
        writer = std::make_unique<AuditPostgresWriter>(m_database->connection());
    }
    for (;;) {
        std::vector<std::shared_ptr<Request>> batch;
        qsizetype rows = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wakeWriter.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                break;
            takeQueued(batch, rows);
        }
        QString error;
        if (batch.front()->kind == Request::Kind::Rows)
            error = writeTransaction(*writer, batch, rows);
        else
            runImportControl(*batch.front());
        {
            std::lock_guard lock(m_mutex);
            for (const auto &request : batch) {
                if (!error.isEmpty())
                    request->result = {0, 0, error};
                request->done = true;
            }
        }
        m_batchDone.notify_all(); // the rows are the producers' to free (wait())
    }
    // Its statements go before the connection, which the thread's end closes (Database).
    writer.reset();
}

// Rows requests share a transaction (up to maxBatchRows); an import's completion or take-back
// runs alone.
void AuditStore::takeQueued(std::vector<std::shared_ptr<Request>> &batch, qsizetype &rows)
{
    while (!m_queue.empty() &&
           (batch.empty() || (batch.front()->kind == Request::Kind::Rows &&
                              m_queue.front()->kind == Request::Kind::Rows &&
                              rows + m_queue.front()->rows.size() <= m_options.maxBatchRows))) {
        rows += m_queue.front()->rows.size();
        batch.push_back(std::move(m_queue.front()));
        m_queue.pop_front();
    }
}

// The requests of `batch`, then, while they are fewer than half of maxBatchRows, those queued
// while they were written (a producer converting its next chunk, recordBatch), in one
// transaction: a commit per 2,500 rows instead of 10,000 cost a fifth of the ingest rate. Past
// that the transaction commits, so that a producer waiting for its batch before it queues the
// one after next (the importer) is not held back. The requests taken are added to `batch`.
QString AuditStore::writeTransaction(AuditBatchWriter &writer,
                                     std::vector<std::shared_ptr<Request>> &batch, qsizetype rows)
{
    QString error = writer.begin();
    for (size_t written = 0; error.isEmpty() && written < batch.size();) {
        error = writeRequests(writer, batch, written);
        written = batch.size();
        if (rows < m_options.maxBatchRows / 2) {
            std::lock_guard lock(m_mutex);
            takeQueued(batch, rows);
        }
    }
    if (error.isEmpty())
        error = writer.commit();
    if (!error.isEmpty()) {
        writer.rollback();
        qCWarning(lcAuditStore) << "audit transaction of" << rows << "events failed:" << error;
    }
    return error;
}

// Writes the rows of batch[from...] and counts each request's new rows and duplicates.
QString AuditStore::writeRequests(AuditBatchWriter &writer,
                                  const std::vector<std::shared_ptr<Request>> &batch, size_t from)
{
    QList<AuditRow *> rows;
    QList<QString> importOf;
    for (size_t k = from; k < batch.size(); ++k) {
        for (AuditRow &row : batch[k]->rows) {
            rows.append(&row);
            importOf.append(batch[k]->importId);
        }
    }
    QList<bool> isNew(rows.size(), false);
    if (QString error = writer.write(rows, importOf, isNew); !error.isEmpty())
        return error;
    qsizetype i = 0;
    for (size_t k = from; k < batch.size(); ++k) {
        WriteResult &r = batch[k]->result;
        for (qsizetype n = 0; n < batch[k]->rows.size(); ++n, ++i)
            ++(isNew[i] ? r.inserted : r.duplicates);
    }
    return {};
}

QList<AuditRow> AuditStore::select(const QString &where, const QVariantList &binds, bool ascending,
                                   int limit, QString *error) const
{
    QSqlQuery q(m_database->connection());
    q.setForwardOnly(true);
    const QString sql =
        QStringLiteral("SELECT %1 FROM audit_events WHERE %2 ORDER BY occurred_at %3, id %3%4")
            .arg(kColumns, where, ascending ? "ASC" : "DESC",
                 limit > 0 ? QStringLiteral(" LIMIT %1").arg(limit) : QString());
    QList<AuditRow> rows;
    if (!exec(q, sql, binds, error))
        return rows;
    while (q.next()) {
        AuditRow r;
        r.id = q.value(0).toString();
        r.action = q.value(1).toString();
        r.actor = q.value(2).toString();
        r.target = q.value(3).toString();
        r.scope = q.value(4).toString();
        r.request = q.value(5).toString();
        r.payload = q.value(6).toString();
        r.metadata = q.value(7).toString();
        r.occurredAtNs = q.value(8).toLongLong();
        r.version = q.value(9).toInt();
        r.success = q.value(10).toBool();
        rows.append(std::move(r));
    }
    if (q.lastError().isValid() && error)
        *error = sqlError(q);
    return rows;
}

std::optional<AuditEvent> AuditStore::get(const QString &id, QString *error) const
{
    const QUuid uuid = QUuid::fromString(id);
    if (uuid.isNull()) {
        if (error)
            *error = QStringLiteral("id: \"%1\" is not a UUID").arg(id);
        return std::nullopt;
    }
    QString why;
    const QString text = uuid.toString(QUuid::WithoutBraces);
    const QList<AuditRow> rows =
        kind() == Database::Kind::Sqlite
            ? select(AuditSeqBucket::allSql() + " AND id_key = ? AND id = ?",
                     {auditIdKey(text), text}, true, 1, &why)
            : select("id = ?", {text}, true, 1, &why);
    if (rows.isEmpty()) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    return rows.first().toEvent();
}

std::optional<AuditPage> AuditStore::query(const AuditQuery &query, QString *error,
                                           bool withTotal) const
{
    if (!query.text().isEmpty() && fullTextStale()) {
        if (error)
            *error = QStringLiteral("q: the full-text index is being rebuilt; try again later");
        return std::nullopt;
    }
    QVariantList binds;
    QString where = query.sqlConditions(kind(), &binds);
    const bool displayAscending = query.order() == AuditQuery::Order::Ascending;
    const auto position = query.position();
    const bool after = !position || position->after;
    const bool fetchAscending = displayAscending == after;
    if (position)
        where += QStringLiteral(" AND ") + keyCondition(fetchAscending, *position, &binds);
    QString why;
    QList<AuditRow> rows = select(where, binds, fetchAscending, query.limit() + 1, &why);
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    const bool more = rows.size() > query.limit();
    if (more)
        rows.resize(query.limit());
    if (!after)
        std::reverse(rows.begin(), rows.end());

    AuditPage page;
    page.events.reserve(rows.size());
    for (const AuditRow &r : std::as_const(rows))
        page.events.append(r.toEvent());
    if (!rows.isEmpty()) {
        auto edge = [&](const AuditRow &r, bool continuesAfter) {
            return AuditQuery::encodeCursor({r.occurredAtNs, r.id, query.order(), continuesAfter});
        };
        if (after ? more : bool(position))
            page.nextCursor = edge(rows.last(), true);
        if (after ? bool(position) : more)
            page.prevCursor = edge(rows.first(), false);
    }
    if (withTotal) {
        const auto total = count(query, error);
        if (!total)
            return std::nullopt;
        page.total = total->first;
        page.totalKind = total->second;
        page.hasTotal = true;
    }
    return page;
}

std::optional<std::pair<qint64, AuditPage::TotalKind>> AuditStore::count(const AuditQuery &query,
                                                                         QString *error) const
{
    QVariantList binds;
    const QString where = query.sqlConditions(kind(), &binds);
    QSqlQuery q(m_database->connection());
    q.setForwardOnly(true);
    const int cap = AuditQuery::kExactCountCap;
    auto scalar = [&](const QString &sql, bool bound = true) -> std::optional<qint64> {
        QString why;
        if (!exec(q, sql, bound ? binds : QVariantList{}, &why)) {
            if (error)
                *error = why;
            return std::nullopt;
        }
        return q.next() ? q.value(0).toLongLong() : -1;
    };
    const auto n = scalar(
        QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM audit_events WHERE %1 LIMIT %2) AS m")
            .arg(where)
            .arg(cap + 1));
    if (!n)
        return std::nullopt;
    if (*n <= cap)
        return std::pair{*n, AuditPage::TotalKind::Exact};
    if (!query.text().isEmpty())
        return std::pair{qint64(cap), AuditPage::TotalKind::AtLeast};
    // Beyond the cap, sample: blocks of consecutive rows spread evenly over the log (seq is
    // dense, the log is append-only), the share of matches in them times the number of rows.
    // Unlike extrapolating the first matches' rate over time, a burst at either end of the log
    // cannot throw it off by orders of magnitude.
    const auto lowest = scalar(QStringLiteral("SELECT min(seq) FROM audit_events"), false);
    const auto highest = scalar(QStringLiteral("SELECT max(seq) FROM audit_events"), false);
    if (!lowest || !highest)
        return std::nullopt;
    const qint64 rows = *highest - *lowest + 1;
    constexpr int kBlocks = 20;
    const qint64 stride = rows / kBlocks;
    const qint64 blockRows = std::min<qint64>(500, stride);
    qint64 sampled = 0;
    qint64 matched = 0;
    for (int b = 0; b < kBlocks && blockRows > 0; ++b) {
        const qint64 from = *lowest + b * stride;
        // A derived table with a LIMIT is not flattened: the block is read by its key range,
        // then filtered, whatever index the filter alone would pick.
        const auto inBlock = scalar(
            QStringLiteral("SELECT count(*) FROM (SELECT * FROM audit_events WHERE seq BETWEEN "
                           "%1 AND %2 LIMIT %3) AS block WHERE %4")
                .arg(from)
                .arg(from + blockRows - 1)
                .arg(blockRows)
                .arg(where));
        if (!inBlock)
            return std::nullopt;
        matched += *inBlock;
        sampled += blockRows;
    }
    if (sampled == 0)
        return std::pair{qint64(cap + 1), AuditPage::TotalKind::AtLeast};
    const double estimate = double(matched) * double(rows) / double(sampled);
    return std::pair{std::clamp<qint64>(qint64(estimate), cap + 1, rows),
                     AuditPage::TotalKind::Estimate};
}

bool AuditStore::scan(const AuditQuery &filter,
                      const std::function<bool(const QList<AuditRow> &)> &sink, QString *error,
                      int chunkRows) const
{
    if (!filter.text().isEmpty() && fullTextStale()) {
        if (error)
            *error = QStringLiteral("q: the full-text index is being rebuilt; try again later");
        return false;
    }
    QSqlDatabase db = m_database->connection();
    QSqlQuery control(db);
    // One snapshot for every chunk: the export is exactly the set at its start.
    const bool begun = control.exec(kind() == Database::Kind::Postgres
                                        ? QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ")
                                        : QStringLiteral("BEGIN"));
    if (!begun) {
        if (error)
            *error = QStringLiteral("cannot begin: %1").arg(sqlError(control));
        return false;
    }
    QVariantList filterBinds;
    const QString filterWhere = filter.sqlConditions(kind(), &filterBinds);
    std::optional<AuditQuery::Position> key;
    bool ok = true;
    for (;;) {
        QVariantList binds = filterBinds;
        QString where = filterWhere;
        if (key)
            where += QStringLiteral(" AND ") + keyCondition(true, *key, &binds);
        QString why;
        const QList<AuditRow> rows = select(where, binds, true, chunkRows, &why);
        if (!why.isEmpty()) {
            if (error)
                *error = why;
            ok = false;
            break;
        }
        if (!rows.isEmpty() && !sink(rows))
            break;
        if (rows.size() < chunkRows)
            break;
        key = AuditQuery::Position{rows.last().occurredAtNs, rows.last().id,
                                   AuditQuery::Order::Ascending, true};
    }
    control.exec(QStringLiteral("COMMIT"));
    return ok;
}

bool AuditStore::scanRaw(const AuditQuery &filter, const AuditSqliteReader::RowSink &sink,
                         QString *error) const
{
    if (!filter.text().isEmpty() && fullTextStale()) {
        if (error)
            *error = QStringLiteral("q: the full-text index is being rebuilt; try again later");
        return false;
    }
    QVariantList binds;
    const QString where = filter.sqlConditions(kind(), &binds);
    return AuditSqliteReader::scan(m_database->connection(), where, binds, sink, error);
}

bool AuditStore::fullTextStale() const
{
    return m_ftsStale && kind() == Database::Kind::Sqlite;
}

bool AuditStore::rebuildFullTextIndex(QString *error)
{
    if (kind() != Database::Kind::Sqlite)
        return true;
    QSqlDatabase db = m_database->connection();
    QSqlQuery q(db);
    QString why;
    if (!db.transaction() ||
        !exec(q, "INSERT INTO audit_fts (audit_fts) VALUES ('rebuild')", {}, &why) ||
        !exec(q, "DELETE FROM audit_state WHERE key = 'fts_stale'", {}, &why) || !db.commit()) {
        db.rollback();
        if (error)
            *error = QStringLiteral("cannot rebuild the audit full-text index: %1")
                         .arg(why.isEmpty() ? db.lastError().text() : why);
        return false;
    }
    m_ftsStale = !m_options.fullTextIndex;
    if (m_ftsStale)
        exec(q, "INSERT OR REPLACE INTO audit_state (key, value) VALUES ('fts_stale', '1')", {},
             &why);
    return true;
}

} // namespace gantry
