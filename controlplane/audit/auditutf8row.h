// One audit row's text as UTF-8, encoded into a buffer that is reused row after row, for binding to
// SQLite. Bound as UTF-16, each value was converted by SQLite itself, with an allocation and a
// character-by-character loop each (tests/bench/README.md, audit ingest).
#pragma once

#include "audit/auditrow.h"

#include <QByteArrayView>
#include <QStringEncoder>

#include <array>
#include <vector>

struct sqlite3_stmt;

namespace gantry {

class AuditUtf8Row final
{
public:
    enum Field {
        Id,
        Action,
        Actor,
        Target,
        Scope,
        Request,
        Payload,
        Metadata,
        ActorId,
        ActorName,
        TargetId,
        TargetName,
        kFieldCount
    };

    // Encodes every text field of `row`: the views and bindings of the previous row end here.
    void encode(const AuditRow &row);

    QByteArrayView view(Field field) const;
    bool isNull(Field field) const { return m_size[field] < 0; }
    // Binds the field's text without a copy (SQL NULL for a null QString): the statement must be
    // stepped, or its bindings cleared, before the next encode().
    int bind(sqlite3_stmt *statement, int index, Field field) const;
    // The same, a null string as "" (entity keys: NULLs never compare equal).
    int bindKey(sqlite3_stmt *statement, int index, Field field) const;

private:
    std::vector<char> m_buffer;
    std::array<qsizetype, kFieldCount> m_begin{};
    std::array<qsizetype, kFieldCount> m_size{}; // -1: null
    QStringEncoder m_encoder{QStringEncoder::Utf8, QStringEncoder::Flag::Stateless};
};

} // namespace gantry
