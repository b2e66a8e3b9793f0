#include "auditsqlitereader.h"

#include "store/database.h"

#include <QVariant>

#include <sqlite3.h>

namespace gantry {

namespace {

QByteArrayView text(sqlite3_stmt *statement, int column)
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(statement, column));
    return data ? QByteArrayView(data, sqlite3_column_bytes(statement, column)) : QByteArrayView();
}

int bind(sqlite3_stmt *statement, int index, const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return sqlite3_bind_int64(statement, index, value.toLongLong());
    default: {
        const QByteArray utf8 = value.toString().toUtf8();
        return sqlite3_bind_text(statement, index, utf8.constData(), int(utf8.size()),
                                 SQLITE_TRANSIENT);
    }
    }
}

} // namespace

bool AuditSqliteReader::scan(QSqlDatabase connection, const QString &where,
                             const QVariantList &binds, const RowSink &sink, QString *error)
{
    sqlite3 *db = Database::sqliteHandle(connection);
    if (!db) {
        if (error)
            *error = QStringLiteral("the audit store's connection is not SQLite");
        return false;
    }
    auto fail = [&](const char *what) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QLatin1String(what),
                                                  QString::fromUtf8(sqlite3_errmsg(db)));
        return false;
    };
    const QByteArray sql =
        QStringLiteral("SELECT action, actor, target, payload, occurred_at, metadata, id, "
                       "version, scope, success, request FROM audit_events WHERE %1 "
                       "ORDER BY occurred_at, id")
            .arg(where)
            .toUtf8();
    if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail("cannot begin the export");
    sqlite3_stmt *statement = nullptr;
    bool ok = sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &statement, nullptr) ==
                  SQLITE_OK ||
              fail("cannot prepare the export");
    for (int i = 0; ok && i < binds.size(); ++i)
        ok = bind(statement, i + 1, binds[i]) == SQLITE_OK || fail("cannot bind the filter");
    while (ok) {
        const int step = sqlite3_step(statement);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            ok = fail("cannot read the audit log");
            break;
        }
        AuditRawRow row;
        row.action = text(statement, 0);
        row.actor = text(statement, 1);
        row.target = text(statement, 2);
        row.payload = text(statement, 3);
        row.occurredAtNs = sqlite3_column_int64(statement, 4);
        row.metadata = text(statement, 5);
        row.id = text(statement, 6);
        row.version = sqlite3_column_int(statement, 7);
        row.scope = text(statement, 8);
        row.success = sqlite3_column_int(statement, 9) != 0;
        row.request = text(statement, 10);
        if (!sink(row))
            break;
    }
    sqlite3_finalize(statement);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    return ok;
}

} // namespace gantry
