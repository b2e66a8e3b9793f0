// Imports are all or nothing, across crashes too. The rows of an import are stored in several
// transactions (a large file must not hold the writer for minutes), so each transaction also
// notes the seq ranges of the import's new rows in audit_import_journal. Completing the import
// deletes its notes (the commit point); taking it back deletes its rows (and their full-text
// entries) and its notes. An import whose notes are still there when the store opens was cut
// short by a crash: it is taken back before anything reads the log.
#pragma once

#include "store/database.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace gantry {

class AuditImportJournal final
{
public:
    struct Range
    {
        QString importId;
        qint64 firstSeq = 0;
        qint64 lastSeq = 0;
    };

    // The ranges to note for one batch: importOf[i] is the import of row i ("" for none),
    // seqs[i] its new seq (0: not stored, a duplicate). One range per run of rows of one import.
    static QList<Range> ranges(const QList<QString> &importOf, const QList<qint64> &seqs);

    // Each on `db` in its own transaction; "" on success, else why (nothing changed).
    static QString complete(QSqlDatabase db, const QString &importId);
    // `fullText`: the SQLite full-text index is maintained (not stale), so its entries go too.
    static QString takeBack(QSqlDatabase db, Database::Kind kind, bool fullText,
                            const QString &importId, qint64 *removed = nullptr);
    // Takes back every import left unfinished; `imports` and `removed` say how much.
    static QString recover(QSqlDatabase db, Database::Kind kind, bool fullText, int *imports,
                           qint64 *removed);

    static QString createSql(Database::Kind kind);
};

} // namespace gantry
