// Actors and targets as small numbers. The actor and target filters match an entity's id or its
// name; four text indexes (actor_id, actor_name, target_id, target_name) made every batch of
// events dirty a page per distinct actor and target four times over. Instead each (id, name)
// pair is stored once in audit_entities and events carry its ref in actor_ref and target_ref,
// two integer indexes (tests/bench/README.md, audit ingest). This is the writer thread's cache of
// refs, kept in step with the transaction: refs made by a batch that rolls back are forgotten.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>

namespace gantry {

class AuditEntityRefs final
{
public:
    // SQLite indexes the refs under a bucket of 65,536 seqs: (seq >> 16, actor_ref). A plain
    // (actor_ref) index holds each actor's events together, so every batch added a row at the
    // end of each actor's and target's run and dirtied nearly every leaf of both indexes (half
    // the ingest time at 1M events: tests/bench/README.md). Under the bucket, a batch's entries
    // all land in the newest bucket's few leaves; a filter seeks each bucket in turn (16 seeks
    // at 1M events, 153 at 10M) through bucketsSql(), which is true of every row.
    static constexpr int kSeqBucketBits = 16;
    // "(seq >> 16) IN (0, 1, ... the newest bucket)", for a WHERE clause on audit_events.
    static QString bucketsSql()
    {
        return QStringLiteral("(seq >> %1) IN (WITH RECURSIVE bucket(b) AS (SELECT 0 UNION ALL "
                              "SELECT b + 1 FROM bucket WHERE b < (SELECT max(seq) >> %1 FROM "
                              "audit_events)) SELECT b FROM bucket)")
            .arg(kSeqBucketBits);
    }

    // Null id or name are stored as "" (the pair is the key, and SQL's NULLs are never equal).
    static QString key(const QString &id, const QString &name) { return id + QChar(0x1f) + name; }

    std::optional<qint64> find(const QString &key) const
    {
        const auto it = m_refs.constFind(key);
        return it == m_refs.cend() ? std::nullopt : std::optional<qint64>(*it);
    }
    // A ref the current batch found or made.
    void add(const QString &key, qint64 ref)
    {
        m_refs.insert(key, ref);
        m_addedInBatch.append(key);
    }
    // The batch committed: what it added stays (bounded: the cache starts over when large).
    void commit()
    {
        m_addedInBatch.clear();
        if (m_refs.size() > kMaxCached)
            m_refs.clear();
    }
    // The batch rolled back: refs it made no longer exist.
    void rollback()
    {
        for (const QString &key : std::as_const(m_addedInBatch))
            m_refs.remove(key);
        m_addedInBatch.clear();
    }

    static constexpr qsizetype kMaxCached = 200000;

private:
    QHash<QString, qint64> m_refs;
    QStringList m_addedInBatch;
};

} // namespace gantry
