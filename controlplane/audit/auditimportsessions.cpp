#include "auditimportsessions.h"

#include "api/router.h"
#include "audit/auditroutes.h"
#include "audit/auditstore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QUuid>

namespace gantry {

namespace {

using Clock = std::chrono::steady_clock;

ApiResponse noSession(const QString &id, std::chrono::seconds idle)
{
    return ApiResponse::error(
        404, QStringLiteral("not_found"),
        QStringLiteral("no import session %1: it was committed or aborted, belongs to someone "
                       "else, or expired after %2 s without a request")
            .arg(id)
            .arg(idle.count()));
}

std::optional<bool> skipBadOf(const ApiRequest &r, ApiResponse *refusal)
{
    const QString skip = r.query.queryItemValue(QStringLiteral("skip_bad"));
    if (skip.isEmpty() || skip == QStringLiteral("false"))
        return false;
    if (skip == QStringLiteral("true"))
        return true;
    *refusal = ApiResponse::error(400, QStringLiteral("invalid_parameter"),
                                  QStringLiteral("skip_bad: expected true or false"),
                                  {{QStringLiteral("skip_bad"), QStringLiteral("expected true or "
                                                                               "false")}});
    return std::nullopt;
}

} // namespace

struct AuditImportSessions::Session
{
    QString id;
    QString owner; // Identity::id of the admin who opened it
    bool skipBad = false;
    std::unique_ptr<AuditCsvImporter> importer;
    qint64 nextChunk = 0;
    qint64 bytes = 0;
    QByteArray lastChunkHash; // SHA-256 of chunk nextChunk - 1, to recognise a retry
    Clock::time_point lastActivity = Clock::now();
    bool busy = false; // a request is using it (requests run on the thread pool)
};

AuditImportSessions::AuditImportSessions(AuditStore &store, std::chrono::seconds idleTimeout,
                                         QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_idleTimeout(idleTimeout)
{
    connect(&m_sweep, &QTimer::timeout, this, &AuditImportSessions::expire);
    m_sweep.start(std::chrono::milliseconds(std::clamp<qint64>(
        std::chrono::duration_cast<std::chrono::milliseconds>(idleTimeout).count() / 4, 200,
        30000)));
}

AuditImportSessions::~AuditImportSessions() = default;

int AuditImportSessions::count() const
{
    std::lock_guard lock(m_mutex);
    return int(m_sessions.size());
}

void AuditImportSessions::expire()
{
    std::vector<std::shared_ptr<Session>> gone; // destroyed (spool files removed) unlocked
    std::lock_guard lock(m_mutex);
    const Clock::time_point now = Clock::now();
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (!(*it)->busy && now - (*it)->lastActivity > m_idleTimeout) {
            gone.push_back(*it);
            it = m_sessions.erase(it);
        } else {
            ++it;
        }
    }
}

ApiResponse AuditImportSessions::finishedImport(AuditStore &store, const ApiRequest &r,
                                                const AuditCsvImporter::Result &result,
                                                const QJsonObject &extra)
{
    QJsonObject o{{"rows", result.rows},
                  {"imported", result.imported},
                  {"duplicates", result.duplicates},
                  {"bad_rows", result.badRows},
                  {"errors", QJsonArray::fromStringList(result.errors)},
                  {"committed", result.committed}};
    QJsonObject payload = o;
    for (auto it = extra.begin(); it != extra.end(); ++it)
        payload.insert(it.key(), it.value());
    AuditEvent e =
        AuditEvent::make(QStringLiteral("audit_log.import"), r.identity.actor(),
                         AuditEvent::entity(QStringLiteral("audit_log"), QStringLiteral("gantryd")),
                         payload, result.committed);
    e.request = r.auditRequest();
    store.record(e);
    if (!result.fatal.isEmpty())
        return ApiResponse::error(400, QStringLiteral("invalid_csv"), result.fatal);
    if (!result.committed && result.badRows > 0) {
        QList<FieldError> fields;
        for (const QString &error : result.errors)
            fields.append({QStringLiteral("csv"), error});
        return ApiResponse::error(400, QStringLiteral("invalid_csv"),
                                  QStringLiteral("%1 bad row(s); nothing was imported "
                                                 "(skip_bad=true, or gantryctl audit import "
                                                 "--skip-bad, imports the good ones): %2")
                                      .arg(result.badRows)
                                      .arg(result.errors.value(0)),
                                  fields);
    }
    return ApiResponse::json(o);
}

void AuditImportSessions::install(Router &router)
{
    const Router::Options light{.bodyLimit = 0, .offEventLoop = true};
    router.add(
        "POST", QStringLiteral("/v1/audit/import-sessions"),
        [this](const ApiRequest &r) { return create(r); }, light);
    router.add(
        "PUT", QStringLiteral("/v1/audit/import-sessions/:id/chunks/:index"),
        [this](const ApiRequest &r) { return chunk(r); },
        Router::Options{.bodyLimit = AuditRoutes::kImportLimit, .offEventLoop = true});
    router.add(
        "GET", QStringLiteral("/v1/audit/import-sessions/:id"),
        [this](const ApiRequest &r) { return state(r); },
        Router::Options{
            .bodyLimit = 0, .offEventLoop = true, .access = Router::Options::Access::Admin});
    router.add(
        "POST", QStringLiteral("/v1/audit/import-sessions/:id/commit"),
        [this](const ApiRequest &r) { return commit(r); }, light);
    router.add(
        "DELETE", QStringLiteral("/v1/audit/import-sessions/:id"),
        [this](const ApiRequest &r) { return abort(r); }, light);
}

QJsonObject AuditImportSessions::describe(const Session &s) const
{
    const auto left = m_idleTimeout - std::chrono::duration_cast<std::chrono::seconds>(
                                          Clock::now() - s.lastActivity);
    const AuditCsvImporter::Result &p = s.importer->progress();
    return {{"id", s.id},
            {"skip_bad", s.skipBad},
            {"next_chunk", s.nextChunk},
            {"bytes", s.bytes},
            {"rows", p.rows},
            {"bad_rows", p.badRows},
            {"errors", QJsonArray::fromStringList(p.errors)},
            {"max_chunk_bytes", AuditRoutes::kImportLimit},
            {"idle_timeout_seconds", qint64(m_idleTimeout.count())},
            {"expires_at",
             QDateTime::currentDateTimeUtc().addSecs(left.count()).toString(Qt::ISODate)}};
}

ApiResponse AuditImportSessions::create(const ApiRequest &r)
{
    ApiResponse refusal;
    const auto skipBad = skipBadOf(r, &refusal);
    if (!skipBad)
        return refusal;
    auto session = std::make_shared<Session>();
    session->id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    session->owner = r.identity.id;
    session->skipBad = *skipBad;
    session->importer = std::make_unique<AuditCsvImporter>(
        &m_store, AuditCsvImporter::Options{.skipBad = *skipBad});
    std::lock_guard lock(m_mutex);
    if (m_sessions.size() >= kMaxSessions)
        return ApiResponse::error(
            429, QStringLiteral("too_many_import_sessions"),
            QStringLiteral("%1 import sessions are open already; commit or abort one (DELETE "
                           "/v1/audit/import-sessions/ID), or wait %2 s for idle ones to expire")
                .arg(kMaxSessions)
                .arg(m_idleTimeout.count()));
    m_sessions.insert(session->id, session);
    return ApiResponse::json(describe(*session), 201);
}

std::shared_ptr<AuditImportSessions::Session> AuditImportSessions::acquire(const ApiRequest &r,
                                                                           ApiResponse *refusal)
{
    const QString id = r.params.value(QStringLiteral("id"));
    std::lock_guard lock(m_mutex);
    const auto it = m_sessions.constFind(id);
    if (it == m_sessions.cend() || (*it)->owner != r.identity.id ||
        Clock::now() - (*it)->lastActivity > m_idleTimeout) {
        *refusal = noSession(id, m_idleTimeout);
        return nullptr;
    }
    if ((*it)->busy) {
        *refusal = ApiResponse::error(409, QStringLiteral("session_busy"),
                                      QStringLiteral("import session %1 is handling another "
                                                     "request; send its chunks one at a time")
                                          .arg(id));
        return nullptr;
    }
    (*it)->busy = true;
    return *it;
}

void AuditImportSessions::release(const std::shared_ptr<Session> &session)
{
    std::lock_guard lock(m_mutex);
    session->busy = false;
    session->lastActivity = Clock::now();
}

ApiResponse AuditImportSessions::chunk(const ApiRequest &r)
{
    const QString indexText = r.params.value(QStringLiteral("index"));
    bool ok = false;
    const qint64 index = indexText.toLongLong(&ok);
    if (!ok || index < 0)
        return ApiResponse::error(
            400, QStringLiteral("invalid_parameter"),
            QStringLiteral("index: \"%1\" is not a chunk number (0, 1, 2, …)").arg(indexText),
            {{QStringLiteral("index"), QStringLiteral("expected a number ≥ 0")}});
    ApiResponse refusal;
    const auto session = acquire(r, &refusal);
    if (!session)
        return refusal;
    const QByteArray hash = QCryptographicHash::hash(r.body, QCryptographicHash::Sha256);
    ApiResponse answer;
    if (index == session->nextChunk - 1 && hash == session->lastChunkHash) {
        answer = ApiResponse::json(describe(*session)); // a retry of the last chunk: done already
    } else if (index != session->nextChunk) {
        answer = ApiResponse::error(
            409, QStringLiteral("chunk_out_of_order"),
            QStringLiteral("index: chunk %1 of import session %2, expected chunk %3 (chunks go "
                           "in order; only the last one may be sent again, with the same bytes)")
                .arg(index)
                .arg(session->id)
                .arg(session->nextChunk),
            {{QStringLiteral("index"), QStringLiteral("expected %1").arg(session->nextChunk)}});
    } else {
        session->importer->feed(r.body);
        const AuditCsvImporter::Result &p = session->importer->progress();
        if (!p.fatal.isEmpty()) {
            answer = ApiResponse::error(400, QStringLiteral("invalid_csv"), p.fatal);
        } else {
            ++session->nextChunk;
            session->bytes += r.body.size();
            session->lastChunkHash = hash;
            answer = ApiResponse::json(describe(*session));
        }
    }
    release(session);
    return answer;
}

ApiResponse AuditImportSessions::state(const ApiRequest &r)
{
    ApiResponse refusal;
    const auto session = acquire(r, &refusal);
    if (!session)
        return refusal;
    const ApiResponse answer = ApiResponse::json(describe(*session));
    release(session);
    return answer;
}

ApiResponse AuditImportSessions::commit(const ApiRequest &r)
{
    ApiResponse refusal;
    const auto session = acquire(r, &refusal);
    if (!session)
        return refusal;
    {
        // Gone from the table before the (long) store: nothing can feed or commit it again.
        std::lock_guard lock(m_mutex);
        m_sessions.remove(session->id);
    }
    const AuditCsvImporter::Result result = session->importer->finish();
    return finishedImport(
        m_store, r, result,
        {{"session", session->id}, {"chunks", session->nextChunk}, {"bytes", session->bytes}});
}

ApiResponse AuditImportSessions::abort(const ApiRequest &r)
{
    ApiResponse refusal;
    const auto session = acquire(r, &refusal);
    if (!session)
        return refusal;
    {
        std::lock_guard lock(m_mutex);
        m_sessions.remove(session->id);
    }
    return ApiResponse::json(QJsonObject{{"id", session->id}, {"aborted", true}});
}

} // namespace gantry
