// Import sessions: one CSV file sent as several requests (gantryctl does so for files larger
// than one request body), fed in order to one AuditCsvImporter, so the file's rules hold for the
// whole of it: line numbers of the whole file, duplicates counted across it, and nothing imported
// from a file with bad rows unless skip_bad. Nothing is stored before commit; idle sessions
// expire and their staged rows go.
//
//   POST   /v1/audit/import-sessions?skip_bad=true|false   201 {id, next_chunk: 0, expires_at, …}
//   PUT    /v1/audit/import-sessions/:id/chunks/:index     the next bytes of the file (index 0, 1,
//          …; the last one again with the same bytes is a harmless retry); 200 {rows, bad_rows…}
//   GET    /v1/audit/import-sessions/:id                   the state so far
//   POST   /v1/audit/import-sessions/:id/commit            what POST /v1/audit/import answers
//   DELETE /v1/audit/import-sessions/:id                   abort: the staged rows go
#pragma once

#include "api/apiresponse.h"
#include "audit/auditcsvimporter.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>
#include <chrono>
#include <memory>
#include <mutex>

namespace gantry {

class AuditStore;
class Router;
struct ApiRequest;

class AuditImportSessions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditImportSessions)
public:
    static constexpr int kMaxSessions = 4; // open at once, over all admins
    static constexpr std::chrono::seconds kDefaultIdleTimeout{15 * 60};

    AuditImportSessions(AuditStore &store, std::chrono::seconds idleTimeout = kDefaultIdleTimeout,
                        QObject *parent = nullptr);
    ~AuditImportSessions() override;
    void install(Router &router);

    // Open sessions (for tests and diagnostics).
    int count() const;
    // Drops the sessions idle for longer than the timeout; runs every few seconds by itself.
    void expire();

    // The answer to a finished import (POST /v1/audit/import and commit alike), recorded as
    // audit_log.import with its counts and `extra` (e.g. the session id and chunk count).
    static ApiResponse finishedImport(AuditStore &store, const ApiRequest &request,
                                      const AuditCsvImporter::Result &result,
                                      const QJsonObject &extra = {});

private:
    struct Session;
    ApiResponse create(const ApiRequest &r);
    ApiResponse chunk(const ApiRequest &r);
    ApiResponse state(const ApiRequest &r);
    ApiResponse commit(const ApiRequest &r);
    ApiResponse abort(const ApiRequest &r);
    // The caller's session with the :id of `r`, marked busy; nullptr with the answer why not.
    std::shared_ptr<Session> acquire(const ApiRequest &r, ApiResponse *refusal);
    void release(const std::shared_ptr<Session> &session);
    QJsonObject describe(const Session &session) const;

    AuditStore &m_store;
    std::chrono::seconds m_idleTimeout;
    mutable std::mutex m_mutex;
    QHash<QString, std::shared_ptr<Session>> m_sessions;
    QTimer m_sweep;
};

} // namespace gantry
