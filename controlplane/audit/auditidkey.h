// The 64-bit key of an audit event's id, in SQLite. Event ids are random (UUID v4), so an index on
// the id text is written all over on every batch: at 1M events a 10,000-event transaction
// dirtied nearly every leaf of it. SQLite stores the key in `id_key`, indexed under a seq bucket
// as (seq >> 16, id_key) (auditseqbucket.h), and finds an id by `id_key = ? AND id = ?` in each
// bucket; the writer asks an AuditIdFilter first (auditidfilter.h).
// The key is FNV-1a 64 of the id's UTF-8 bytes: it is stored, so it must never change.
// PostgreSQL keeps its UNIQUE index on the id and has no key column.
#pragma once

#include <QByteArrayView>
#include <QString>

struct sqlite3;

namespace gantry {

qint64 auditIdKey(QByteArrayView utf8);
qint64 auditIdKey(const QString &id);

// Registers gantry_audit_id_key(text) on `db` (audit migration 4 keys the stored events with
// it); an error text, empty on success.
QString registerAuditIdKeyFunction(sqlite3 *db);

} // namespace gantry
