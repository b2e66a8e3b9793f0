// SQLite indexes the audit log's scattered keys under a bucket of 65,536 seqs: the actor and
// target refs as (seq >> 16, actor_ref) and (seq >> 16, target_ref), the id key as
// (seq >> 16, id_key). A plain index on such a key holds each value's entries together, so every
// batch added entries all over it and dirtied nearly every leaf (half the ingest time at 1M
// events: tests/bench/README.md). Under the bucket, a batch's entries all land in the newest
// bucket's few leaves; a search seeks each bucket in turn (16 seeks at 1M events, 153 at 10M).
#pragma once

#include <QString>

namespace gantry::AuditSeqBucket {

constexpr int kBits = 16;

// "(seq >> 16)": the indexed expression, as a WHERE clause must spell it for the index to serve.
inline QString sql()
{
    return QStringLiteral("(seq >> %1)").arg(kBits);
}

inline qint64 of(qint64 seq)
{
    return seq >> kBits;
}

// "(seq >> 16) IN (0, 1, ... the newest bucket)", for a WHERE clause on audit_events: true of
// every row, it lets SQLite seek a bucketed index bucket by bucket.
inline QString allSql()
{
    return QStringLiteral("%1 IN (WITH RECURSIVE bucket(b) AS (SELECT 0 UNION ALL SELECT b + 1 "
                          "FROM bucket WHERE b < (SELECT max(seq) >> %2 FROM audit_events)) "
                          "SELECT b FROM bucket)")
        .arg(sql())
        .arg(kBits);
}

} // namespace gantry::AuditSeqBucket
