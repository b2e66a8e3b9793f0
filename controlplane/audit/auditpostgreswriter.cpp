#include "auditpostgreswriter.h"

#include "auditimportjournal.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

namespace gantry {

namespace {

const QString kInsertColumns =
    QStringLiteral("id, occurred_at, action, actor, target, scope, request, payload, metadata, "
                   "version, success, actor_id, actor_name, target_id, target_name, actor_ref, "
                   "target_ref");
constexpr int kInsertColumnCount = 17;
constexpr int kPostgresRowsPerStatement = 1000;

QString sqlError(const QSqlQuery &q)
{
    return q.lastError().text();
}

} // namespace

AuditPostgresWriter::AuditPostgresWriter(QSqlDatabase connection)
    : m_connection(std::move(connection))
{}

QString AuditPostgresWriter::resolveRefs(const QList<AuditRow *> &rows, QList<qint64> *refs)
{
    QSqlQuery make(m_connection);
    QSqlQuery find(m_connection);
    if (!make.prepare(QStringLiteral("INSERT INTO audit_entities (id, name) VALUES (?, ?) ON "
                                     "CONFLICT (id, name) DO NOTHING")) ||
        !find.prepare(QStringLiteral("SELECT ref FROM audit_entities WHERE id = ? AND name = ?")))
        return sqlError(make.lastError().isValid() ? make : find);
    auto resolve = [&](const QString &id, const QString &name) -> QString {
        if (const std::optional<qint64> ref = m_refs.find(id, name)) {
            refs->append(*ref);
            return {};
        }
        const QString i = id.isNull() ? QStringLiteral("") : id;
        const QString n = name.isNull() ? QStringLiteral("") : name;
        make.addBindValue(i);
        make.addBindValue(n);
        if (!make.exec())
            return sqlError(make);
        find.addBindValue(i);
        find.addBindValue(n);
        if (!find.exec() || !find.next())
            return sqlError(find);
        refs->append(find.value(0).toLongLong());
        m_refs.add(id, name, refs->last());
        find.finish();
        return {};
    };
    for (const AuditRow *r : rows) {
        if (QString why = resolve(r->actorId, r->actorName); !why.isEmpty())
            return why;
        if (QString why = resolve(r->targetId, r->targetName); !why.isEmpty())
            return why;
    }
    return {};
}

// Multi-row INSERTs: one round trip per kPostgresRowsPerStatement rows instead of per row.
QString AuditPostgresWriter::write(const QList<AuditRow *> &rows, const QList<QString> &importOf,
                                   QList<bool> &isNew)
{
    QSqlDatabase db = m_connection;
    QSqlQuery insert(db);
    QList<qint64> refs; // each row's actor ref, then its target ref
    refs.reserve(2 * rows.size());
    QString error = resolveRefs(rows, &refs);
    QHash<QString, qint64> inserted; // id -> seq
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
                                           "(id) DO NOTHING RETURNING id, seq")
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
                  r.targetName.isNull() ? QVariant() : QVariant(r.targetName),
                  QVariant(refs[2 * i]), QVariant(refs[2 * i + 1])})
                insert.addBindValue(v);
        }
        if (!insert.exec()) {
            error = sqlError(insert);
            break;
        }
        while (insert.next())
            inserted.insert(insert.value(0).toString(), insert.value(1).toLongLong());
    }
    // A row's seq is its id's, taken by the id's first occurrence in the batch (a repeat was
    // skipped by ON CONFLICT like any stored id).
    QList<qint64> seqs(rows.size(), 0);
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (const auto it = inserted.find(rows[i]->id); it != inserted.end()) {
            seqs[i] = it.value();
            inserted.erase(it);
        }
    }
    for (const AuditImportJournal::Range &r : AuditImportJournal::ranges(importOf, seqs)) {
        if (!error.isEmpty())
            break;
        QSqlQuery note(db);
        note.prepare(QStringLiteral("INSERT INTO audit_import_journal (import_id, first_seq, "
                                    "last_seq) VALUES (?, ?, ?)"));
        note.addBindValue(r.importId);
        note.addBindValue(r.firstSeq);
        note.addBindValue(r.lastSeq);
        if (!note.exec())
            error = sqlError(note);
    }
    for (qsizetype i = 0; i < rows.size(); ++i)
        isNew[i] = seqs[i] > 0;
    return error;
}

QString AuditPostgresWriter::begin()
{
    QSqlDatabase db = m_connection;
    return db.transaction() ? QString()
                            : QStringLiteral("cannot begin: %1").arg(db.lastError().text());
}

QString AuditPostgresWriter::commit()
{
    QSqlDatabase db = m_connection;
    if (!db.commit())
        return QStringLiteral("cannot commit: %1").arg(db.lastError().text());
    m_refs.commit();
    return {};
}

void AuditPostgresWriter::rollback()
{
    QSqlDatabase db = m_connection;
    db.rollback();
    m_refs.rollback();
}

} // namespace gantry
