#include "auditutf8row.h"

#include <sqlite3.h>

namespace gantry {

void AuditUtf8Row::encode(const AuditRow &row)
{
    const std::array<const QString *, kFieldCount> texts{
        &row.id,      &row.action,   &row.actor,   &row.target,    &row.scope,    &row.request,
        &row.payload, &row.metadata, &row.actorId, &row.actorName, &row.targetId, &row.targetName,
    };
    qsizetype room = 0;
    for (const QString *text : texts)
        room += m_encoder.requiredSpace(text->size());
    if (qsizetype(m_buffer.size()) < room)
        m_buffer.resize(std::size_t(room));
    char *const start = m_buffer.data();
    char *out = start;
    for (int f = 0; f < kFieldCount; ++f) {
        const QString &text = *texts[f];
        m_begin[f] = out - start;
        if (text.isNull()) {
            m_size[f] = -1;
            continue;
        }
        out = m_encoder.appendToBuffer(out, text);
        m_size[f] = out - start - m_begin[f];
    }
}

QByteArrayView AuditUtf8Row::view(Field field) const
{
    return {m_buffer.data() + m_begin[field], std::max<qsizetype>(m_size[field], 0)};
}

int AuditUtf8Row::bind(sqlite3_stmt *statement, int index, Field field) const
{
    if (isNull(field))
        return sqlite3_bind_null(statement, index);
    return bindKey(statement, index, field);
}

int AuditUtf8Row::bindKey(sqlite3_stmt *statement, int index, Field field) const
{
    // A zero-length text needs a non-null pointer, or SQLite binds NULL.
    const QByteArrayView text = view(field);
    return sqlite3_bind_text(statement, index, text.isEmpty() ? "" : text.data(), int(text.size()),
                             SQLITE_STATIC);
}

} // namespace gantry
