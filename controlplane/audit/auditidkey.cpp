#include "auditidkey.h"

#include <sqlite3.h>

namespace gantry {

qint64 auditIdKey(QByteArrayView utf8)
{
    quint64 hash = 14695981039346656037ULL;
    for (const char c : utf8) {
        hash ^= quint8(c);
        hash *= 1099511628211ULL;
    }
    return qint64(hash);
}

qint64 auditIdKey(const QString &id)
{
    // Event ids are ASCII: hash them without a conversion when they are.
    constexpr qsizetype kStack = 64;
    if (id.size() <= kStack) {
        char ascii[kStack];
        bool isAscii = true;
        for (qsizetype i = 0; i < id.size() && isAscii; ++i) {
            const char16_t c = id.at(i).unicode();
            isAscii = c < 0x80;
            ascii[i] = char(c);
        }
        if (isAscii)
            return auditIdKey(QByteArrayView(ascii, id.size()));
    }
    return auditIdKey(QByteArrayView(id.toUtf8()));
}

namespace {

void idKeyFunction(sqlite3_context *context, int, sqlite3_value **arguments)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(arguments[0]));
    if (!text) {
        sqlite3_result_null(context);
        return;
    }
    sqlite3_result_int64(context,
                         auditIdKey(QByteArrayView(text, sqlite3_value_bytes(arguments[0]))));
}

} // namespace

QString registerAuditIdKeyFunction(sqlite3 *db)
{
    if (!db)
        return QStringLiteral("no SQLite handle");
    if (sqlite3_create_function_v2(db, "gantry_audit_id_key", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                   idKeyFunction, nullptr, nullptr, nullptr) != SQLITE_OK)
        return QString::fromUtf8(sqlite3_errmsg(db));
    return {};
}

} // namespace gantry
