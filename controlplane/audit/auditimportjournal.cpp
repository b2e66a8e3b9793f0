#include "auditimportjournal.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace gantry {

namespace {

bool run(QSqlQuery &q, const QString &sql, const QVariantList &binds, QString *error)
{
    if (!q.prepare(sql)) {
        *error = q.lastError().text();
        return false;
    }
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

// Runs `body` in a transaction on `db`: committed when it returns "", else rolled back.
template <typename Body>
QString inTransaction(QSqlDatabase &db, Body body)
{
    if (!db.transaction())
        return QStringLiteral("cannot begin: %1").arg(db.lastError().text());
    QString why = body();
    if (why.isEmpty() && !db.commit())
        why = QStringLiteral("cannot commit: %1").arg(db.lastError().text());
    if (!why.isEmpty())
        db.rollback();
    return why;
}

} // namespace

QList<AuditImportJournal::Range> AuditImportJournal::ranges(const QList<QString> &importOf,
                                                            const QList<qint64> &seqs)
{
    QList<Range> out;
    QString current; // the import of the run being gathered
    for (qsizetype i = 0; i < importOf.size(); ++i) {
        if (importOf[i] != current) {
            current = importOf[i];
            if (!current.isEmpty())
                out.append({current, 0, 0});
        }
        if (current.isEmpty() || seqs[i] <= 0)
            continue;
        Range &r = out.last();
        r.firstSeq = r.firstSeq == 0 ? seqs[i] : std::min(r.firstSeq, seqs[i]);
        r.lastSeq = std::max(r.lastSeq, seqs[i]);
    }
    out.removeIf([](const Range &r) { return r.firstSeq == 0; }); // nothing new in the run
    return out;
}

QString AuditImportJournal::complete(QSqlDatabase db, const QString &importId)
{
    return inTransaction(db, [&] {
        QSqlQuery q(db);
        QString why;
        run(q, QStringLiteral("DELETE FROM audit_import_journal WHERE import_id = ?"), {importId},
            &why);
        return why;
    });
}

QString AuditImportJournal::takeBack(QSqlDatabase db, Database::Kind kind, bool fullText,
                                     const QString &importId, qint64 *removed)
{
    qint64 count = 0;
    const QString why = inTransaction(db, [&] {
        QSqlQuery ranges(db);
        QString error;
        if (!run(ranges,
                 QStringLiteral("SELECT first_seq, last_seq FROM audit_import_journal WHERE "
                                "import_id = ?"),
                 {importId}, &error))
            return error;
        QList<std::pair<qint64, qint64>> spans;
        while (ranges.next())
            spans.append({ranges.value(0).toLongLong(), ranges.value(1).toLongLong()});
        ranges.finish();
        QSqlQuery q(db);
        for (const auto &[first, last] : spans) {
            // External-content FTS5 forgets a row only when told its indexed values.
            if (kind == Database::Kind::Sqlite && fullText &&
                !run(q,
                     QStringLiteral("INSERT INTO audit_fts (audit_fts, rowid, action, actor_name, "
                                    "target_name, payload) SELECT 'delete', seq, action, "
                                    "actor_name, target_name, payload FROM audit_events WHERE "
                                    "seq BETWEEN ? AND ?"),
                     {first, last}, &error))
                return error;
            if (!run(q, QStringLiteral("DELETE FROM audit_events WHERE seq BETWEEN ? AND ?"),
                     {first, last}, &error))
                return error;
            count += q.numRowsAffected();
        }
        run(q, QStringLiteral("DELETE FROM audit_import_journal WHERE import_id = ?"), {importId},
            &error);
        return error;
    });
    if (removed)
        *removed = why.isEmpty() ? count : 0;
    return why;
}

QString AuditImportJournal::recover(QSqlDatabase db, Database::Kind kind, bool fullText,
                                    int *imports, qint64 *removed)
{
    *imports = 0;
    *removed = 0;
    QStringList unfinished;
    {
        QSqlQuery q(db);
        QString why;
        if (!run(q, QStringLiteral("SELECT DISTINCT import_id FROM audit_import_journal"), {},
                 &why))
            return why;
        while (q.next())
            unfinished.append(q.value(0).toString());
    }
    for (const QString &id : std::as_const(unfinished)) {
        qint64 n = 0;
        if (QString why = takeBack(db, kind, fullText, id, &n); !why.isEmpty())
            return why;
        ++*imports;
        *removed += n;
    }
    return {};
}

QString AuditImportJournal::createSql(Database::Kind kind)
{
    return kind == Database::Kind::Postgres
               ? QStringLiteral("CREATE TABLE audit_import_journal (import_id TEXT NOT NULL, "
                                "first_seq BIGINT NOT NULL, last_seq BIGINT NOT NULL)")
               : QStringLiteral("CREATE TABLE audit_import_journal (import_id TEXT NOT NULL, "
                                "first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL)");
}

} // namespace gantry
