// The audit log's HTTP API: GET /v1/audit (filters, keyset cursors both ways, total, and a
// head_cursor for polling what was recorded before the first row even on the first page), GET
// /v1/audit/:id, GET /v1/audit/export.csv (exactly the filtered set, oldest first) and POST
// /v1/audit/import (the guide's CSV; nothing is imported from a file with bad rows unless
// skip_bad=true; larger files go as import sessions, see AuditImportSessions). Viewing,
// exporting and importing are audited themselves. With an EventHub, new events are published on
// the Audit topic as they are stored (the console's live browser).
#pragma once

#include <QHash>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

namespace gantry {

class AuditStore;
class EventHub;
class Router;

class AuditRoutes final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditRoutes)
public:
    static constexpr qsizetype kImportLimit = 256 * 1024 * 1024;

    // How far back each poll looks again, for events stamped before one already published but
    // committed after it (several writers).
    static constexpr qint64 kLookbackNs = 3'000'000'000;

    AuditRoutes(AuditStore &store, QObject *parent = nullptr);
    // Publishes every event stored from now on as {topic Audit, type recorded, payload: the
    // event}, polled once a second while someone listens to /v1/events. The store has no
    // change notification of its own and is written from several components and threads.
    AuditRoutes(AuditStore &store, EventHub *events, QObject *parent = nullptr);
    void install(Router &router);
    void publishNew(); // one poll (the timer's; public for tests)
    // Exports being written end early, unsent (gantryd is stopping and waits for its workers).
    void cancelExports();

private:
    AuditStore &m_store;
    EventHub *m_events = nullptr;
    QTimer m_poll;
    qint64 m_high = 0;             // the newest occurred_at published
    QHash<QString, qint64> m_sent; // ids published within kLookbackNs of m_high
    std::shared_ptr<std::atomic_bool> m_exportsCanceled = std::make_shared<std::atomic_bool>();
};

} // namespace gantry
