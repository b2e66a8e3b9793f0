// How the audit store's writer thread puts one group-commit batch into its database: all rows in
// one transaction, ids already stored skipped. One implementation per database kind.
#pragma once

#include "audit/auditrow.h"

#include <QList>
#include <QString>

namespace gantry {

class AuditBatchWriter
{
public:
    virtual ~AuditBatchWriter() = default;
    // Stores `rows` (unique ids) in one transaction; isNew[i] (sized like rows) tells whether
    // row i was inserted or its id was already there. importOf[i] is the import row i belongs to
    // ("" for none): the same transaction notes where the import's new rows went
    // (AuditImportJournal). Returns "" on success, else why, with nothing of the batch kept.
    virtual QString write(const QList<AuditRow *> &rows, const QList<QString> &importOf,
                          QList<bool> &isNew) = 0;
};

} // namespace gantry
