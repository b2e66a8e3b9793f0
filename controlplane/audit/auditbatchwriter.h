// How the audit store's writer thread puts group-commit batches into its database: one
// transaction at a time, ids already stored skipped. One implementation per database kind.
#pragma once

#include "audit/auditrow.h"

#include <QList>
#include <QString>

namespace gantry {

class AuditBatchWriter
{
public:
    virtual ~AuditBatchWriter() = default;
    // One transaction: begin(), write() once or more, then commit(), or rollback() after any
    // error (nothing of the transaction kept). Each returns "" on success, else why.
    virtual QString begin() = 0;
    // Stores `rows`; isNew[i] (sized like rows) tells whether row i was inserted or its id was
    // already there, stored before or earlier in the transaction. importOf[i] is the import
    // row i belongs to ("" for none): the transaction notes where the import's new rows went
    // (AuditImportJournal).
    virtual QString write(const QList<AuditRow *> &rows, const QList<QString> &importOf,
                          QList<bool> &isNew) = 0;
    virtual QString commit() = 0;
    virtual void rollback() = 0;
};

} // namespace gantry
