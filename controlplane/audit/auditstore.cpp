#include "auditstore.h"

#include <QHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcAuditStore, "gantry.audit.store")

namespace gantry {

namespace {

const QString kColumns = QStringLiteral(
    "id, action, actor, target, scope, request, payload, metadata, occurred_at, version, success");
const QString kInsertColumns =
    QStringLiteral("id, occurred_at, action, actor, target, scope, request, payload, metadata, "
                   "version, success, actor_id, actor_name, target_id, target_name");
constexpr int kInsertColumnCount = 15;
constexpr int kPostgresRowsPerStatement = 1000;

QString sqlError(const QSqlQuery &q)
{
    return q.lastError().text();
}

QString entityField(const QJsonObject &entity, const char *key)
{
    const QJsonValue v = entity.value(QLatin1String(key));
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return v.toVariant().toString();
    return {};
}

QJsonObject parseObject(const QString &json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object();
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
    QList<AuditRow> rows;
    WriteResult result;
    bool done = false;
};

QString AuditRow::canonicalJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

AuditRow AuditRow::fromEvent(const AuditEvent &e)
{
    AuditRow r;
    const QUuid uuid = QUuid::fromString(e.id);
    r.id = uuid.isNull() ? e.id : uuid.toString(QUuid::WithoutBraces);
    r.action = e.action;
    r.actor = canonicalJson(e.actor);
    r.target = canonicalJson(e.target);
    r.scope = canonicalJson(e.scope);
    r.request = canonicalJson(e.request);
    r.payload = canonicalJson(e.payload);
    QJsonObject meta;
    for (auto it = e.metadata.cbegin(); it != e.metadata.cend(); ++it)
        meta.insert(it.key(), it.value());
    r.metadata = canonicalJson(meta);
    r.occurredAtNs = e.occurredAtNs;
    r.version = e.version;
    r.success = e.success;
    r.actorId = entityField(e.actor, "id");
    r.actorName = entityField(e.actor, "name");
    r.targetId = entityField(e.target, "id");
    r.targetName = entityField(e.target, "name");
    return r;
}

AuditEvent AuditRow::toEvent() const
{
    AuditEvent e;
    e.id = id;
    e.action = action;
    e.actor = parseObject(actor);
    e.target = parseObject(target);
    e.scope = parseObject(scope);
    e.request = parseObject(request);
    e.payload = parseObject(payload);
    const QJsonObject meta = parseObject(metadata);
    for (auto it = meta.begin(); it != meta.end(); ++it)
        e.metadata.insert(it.key(), it.value().toString());
    e.occurredAtNs = occurredAtNs;
    e.version = version;
    e.success = success;
    return e;
}

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
    return {{1, "audit events", sqlite, postgres}};
}

std::unique_ptr<AuditStore> AuditStore::open(Database *database, QString *error)
{
    return open(database, Options{}, error);
}

std::unique_ptr<AuditStore> AuditStore::open(Database *database, const Options &options,
                                             QString *error)
{
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
    QList<AuditRow> rows;
    rows.reserve(events.size());
    for (const AuditEvent &e : events)
        rows.append(AuditRow::fromEvent(e));
    return recordRows(std::move(rows));
}

AuditStore::WriteResult AuditStore::recordRows(QList<AuditRow> rows)
{
    if (rows.isEmpty())
        return {};
    auto request = std::make_shared<Request>();
    request->rows = std::move(rows);
    std::unique_lock lock(m_mutex);
    if (m_stopping)
        return {0, 0, QStringLiteral("the audit store is closing")};
    m_queue.push_back(request);
    m_wakeWriter.notify_one();
    m_batchDone.wait(lock, [&] { return request->done; });
    return request->result;
}

// Group commit: whatever producers queued while the previous transaction ran goes into the
// next one, so many threads share each commit's cost.
void AuditStore::writerLoop()
{
    if (m_database->kind() == Database::Kind::Sqlite) {
        QSqlQuery q(m_database->connection());
        q.exec(QStringLiteral("PRAGMA cache_size=-65536")); // the id index takes random inserts
    }
    for (;;) {
        std::vector<std::shared_ptr<Request>> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wakeWriter.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                break;
            qsizetype rows = 0;
            while (!m_queue.empty() && (batch.empty() || rows + m_queue.front()->rows.size() <=
                                                             m_options.maxBatchRows)) {
                rows += m_queue.front()->rows.size();
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        const QString error = writeBatch(batch);
        {
            std::lock_guard lock(m_mutex);
            for (const auto &request : batch) {
                if (!error.isEmpty())
                    request->result = {0, 0, error};
                request->done = true;
            }
        }
        m_batchDone.notify_all();
    }
    // Database names connections after thread ids, which the system reuses: a later thread with
    // this id must not find this thread's (then unusable) connection.
    QString name;
    {
        QSqlDatabase db = m_database->connection();
        name = db.connectionName();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QString AuditStore::writeBatch(const std::vector<std::shared_ptr<Request>> &batch)
{
    // The same id twice in one batch: only its first occurrence goes to the database.
    QHash<QString, qsizetype> first;
    QList<AuditRow *> unique;
    for (const auto &request : batch) {
        for (AuditRow &row : request->rows) {
            if (!first.contains(row.id)) {
                first.insert(row.id, unique.size());
                unique.append(&row);
            }
        }
    }
    QList<bool> isNew(unique.size(), false);
    const QString error = m_database->kind() == Database::Kind::Sqlite
                              ? writeSqlite(unique, isNew)
                              : writePostgres(unique, isNew);
    if (!error.isEmpty()) {
        qCWarning(lcAuditStore) << "audit batch of" << unique.size() << "events failed:" << error;
        return error;
    }
    for (const auto &request : batch) {
        WriteResult &r = request->result;
        for (AuditRow &row : request->rows) {
            const qsizetype index = first.value(row.id);
            if (unique[index] == &row && isNew[index])
                ++r.inserted;
            else
                ++r.duplicates;
        }
    }
    return {};
}

QString AuditStore::writeSqlite(QList<AuditRow *> &rows, QList<bool> &isNew)
{
    QSqlDatabase db = m_database->connection();
    QSqlQuery control(db);
    if (!control.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return QStringLiteral("cannot begin: %1").arg(sqlError(control));
    QSqlQuery insert(db);
    QSqlQuery fts(db);
    QString error;
    const bool indexText = m_options.fullTextIndex;
    if (!insert.prepare(QStringLiteral("INSERT OR IGNORE INTO audit_events (%1) VALUES "
                                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                            .arg(kInsertColumns)) ||
        (indexText && !fts.prepare(QStringLiteral(
                          "INSERT INTO audit_fts (rowid, action, actor_name, target_name, "
                          "payload) VALUES (?, ?, ?, ?, ?)")))) {
        error = indexText && fts.lastError().isValid() ? sqlError(fts) : sqlError(insert);
    }
    for (qsizetype i = 0; error.isEmpty() && i < rows.size(); ++i) {
        const AuditRow &r = *rows[i];
        const QVariant values[kInsertColumnCount] = {
            r.id,
            r.occurredAtNs,
            r.action,
            r.actor,
            r.target,
            r.scope,
            r.request,
            r.payload,
            r.metadata,
            r.version,
            r.success ? 1 : 0,
            r.actorId.isNull() ? QVariant() : QVariant(r.actorId),
            r.actorName.isNull() ? QVariant() : QVariant(r.actorName),
            r.targetId.isNull() ? QVariant() : QVariant(r.targetId),
            r.targetName.isNull() ? QVariant() : QVariant(r.targetName)};
        for (int c = 0; c < kInsertColumnCount; ++c)
            insert.bindValue(c, values[c]);
        if (!insert.exec()) {
            error = sqlError(insert);
            break;
        }
        isNew[i] = insert.numRowsAffected() == 1;
        if (isNew[i] && indexText) {
            fts.bindValue(0, insert.lastInsertId());
            fts.bindValue(1, r.action);
            fts.bindValue(2, values[12]);
            fts.bindValue(3, values[14]);
            fts.bindValue(4, r.payload);
            if (!fts.exec())
                error = sqlError(fts);
        }
    }
    if (error.isEmpty() && control.exec(QStringLiteral("COMMIT")))
        return {};
    if (error.isEmpty())
        error = QStringLiteral("cannot commit: %1").arg(sqlError(control));
    control.exec(QStringLiteral("ROLLBACK"));
    std::fill(isNew.begin(), isNew.end(), false);
    return error;
}

// Multi-row INSERTs: one round trip per kPostgresRowsPerStatement rows instead of per row.
QString AuditStore::writePostgres(QList<AuditRow *> &rows, QList<bool> &isNew)
{
    QSqlDatabase db = m_database->connection();
    if (!db.transaction())
        return QStringLiteral("cannot begin: %1").arg(db.lastError().text());
    QSqlQuery insert(db);
    QString error;
    QSet<QString> inserted;
    QString placeholders = QStringLiteral("(?");
    for (int c = 1; c < kInsertColumnCount; ++c)
        placeholders += QStringLiteral(", ?");
    placeholders += ')';
    for (qsizetype start = 0; error.isEmpty() && start < rows.size();
         start += kPostgresRowsPerStatement) {
        const qsizetype end = std::min(rows.size(), start + kPostgresRowsPerStatement);
        QStringList tuples;
        for (qsizetype i = start; i < end; ++i)
            tuples << placeholders;
        if (!insert.prepare(QStringLiteral("INSERT INTO audit_events (%1) VALUES %2 ON CONFLICT "
                                           "(id) DO NOTHING RETURNING id")
                                .arg(kInsertColumns, tuples.join(", ")))) {
            error = sqlError(insert);
            break;
        }
        for (qsizetype i = start; i < end; ++i) {
            const AuditRow &r = *rows[i];
            for (const QVariant &v :
                 {QVariant(r.id), QVariant(r.occurredAtNs), QVariant(r.action), QVariant(r.actor),
                  QVariant(r.target), QVariant(r.scope), QVariant(r.request), QVariant(r.payload),
                  QVariant(r.metadata), QVariant(r.version), QVariant(r.success),
                  r.actorId.isNull() ? QVariant() : QVariant(r.actorId),
                  r.actorName.isNull() ? QVariant() : QVariant(r.actorName),
                  r.targetId.isNull() ? QVariant() : QVariant(r.targetId),
                  r.targetName.isNull() ? QVariant() : QVariant(r.targetName)})
                insert.addBindValue(v);
        }
        if (!insert.exec()) {
            error = sqlError(insert);
            break;
        }
        while (insert.next())
            inserted.insert(insert.value(0).toString());
    }
    if (error.isEmpty() && db.commit()) {
        for (qsizetype i = 0; i < rows.size(); ++i)
            isNew[i] = inserted.contains(rows[i]->id);
        return {};
    }
    if (error.isEmpty())
        error = QStringLiteral("cannot commit: %1").arg(db.lastError().text());
    db.rollback();
    return error;
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
    const QList<AuditRow> rows =
        select("id = ?", {uuid.toString(QUuid::WithoutBraces)}, true, 1, &why);
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
    auto scalar = [&](const QString &sql) -> std::optional<qint64> {
        QString why;
        if (!exec(q, sql, binds, &why)) {
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
    // Extrapolate the rate of the first `cap` matches over the time the matches span.
    const QString edge =
        QStringLiteral("SELECT occurred_at FROM audit_events WHERE %1 ORDER BY occurred_at %2, "
                       "id %2 LIMIT 1 OFFSET %3");
    const auto first = scalar(edge.arg(where, "ASC").arg(0));
    const auto atCap = scalar(edge.arg(where, "ASC").arg(cap));
    const auto last = scalar(edge.arg(where, "DESC").arg(0));
    if (!first || !atCap || !last)
        return std::nullopt;
    if (*atCap <= *first)
        return std::pair{qint64(cap + 1), AuditPage::TotalKind::AtLeast};
    const double estimate = double(cap) * double(*last - *first) / double(*atCap - *first);
    return std::pair{std::max<qint64>(cap + 1, qint64(estimate)), AuditPage::TotalKind::Estimate};
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
