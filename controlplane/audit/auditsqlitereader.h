// Reads audit rows for the CSV export straight from SQLite through the sqlite3 C API on the
// calling thread's QSQLITE connection: one statement in one read transaction (so the export is
// exactly the set at its start), each row handed over as the UTF-8 text SQLite already has, with
// no QVariant or QString in between.
#pragma once

#include <QByteArrayView>
#include <QSqlDatabase>
#include <QVariantList>
#include <functional>

namespace gantry {

// One row as SQLite returns it; the views are valid only during the callback.
struct AuditRawRow
{
    QByteArrayView action, actor, target, payload;
    qint64 occurredAtNs = 0;
    QByteArrayView metadata, id;
    int version = 1;
    QByteArrayView scope;
    bool success = true;
    QByteArrayView request;
};

class AuditSqliteReader final
{
public:
    using RowSink = std::function<bool(const AuditRawRow &)>; // false: stop (cancel)

    // Every row matching `where` (SQL over audit_events with ? placeholders for `binds`), oldest
    // first. Returns false with `error` on a database error.
    static bool scan(QSqlDatabase connection, const QString &where, const QVariantList &binds,
                     const RowSink &sink, QString *error);
};

} // namespace gantry
