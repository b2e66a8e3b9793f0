// Writes batches of audit rows into PostgreSQL in one transaction, with multi-row INSERTs (one
// round trip per 1,000 rows) that skip ids already stored and say which rows were new.
#pragma once

#include "audit/auditbatchwriter.h"
#include "audit/auditentityrefs.h"

#include <QSqlDatabase>

namespace gantry {

class AuditPostgresWriter final : public AuditBatchWriter
{
public:
    explicit AuditPostgresWriter(QSqlDatabase connection);
    QString begin() override;
    QString write(const QList<AuditRow *> &rows, const QList<QString> &importOf,
                  QList<bool> &isNew) override;
    QString commit() override;
    void rollback() override;

private:
    // The actor's and the target's ref of each of `rows`, in `refs` (made where new); "" or why.
    QString resolveRefs(const QList<AuditRow *> &rows, QList<qint64> *refs);

    QSqlDatabase m_connection;
    AuditEntityRefs m_refs;
};

} // namespace gantry
