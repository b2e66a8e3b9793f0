// The audit log's HTTP API: GET /v1/audit (filters, keyset cursors both ways, total), GET
// /v1/audit/:id, GET /v1/audit/export.csv (exactly the filtered set, oldest first) and POST
// /v1/audit/import (the guide's CSV; nothing is imported from a file with bad rows unless
// skip_bad=true; larger files go as import sessions, see AuditImportSessions). Viewing,
// exporting and importing are audited themselves.
#pragma once

#include <QObject>

namespace gantry {

class AuditStore;
class Router;

class AuditRoutes final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditRoutes)
public:
    static constexpr qsizetype kImportLimit = 256 * 1024 * 1024;

    AuditRoutes(AuditStore &store, QObject *parent = nullptr);
    void install(Router &router);

private:
    AuditStore &m_store;
};

} // namespace gantry
