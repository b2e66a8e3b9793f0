// Actors and targets as small numbers. The actor and target filters match an entity's id or its
// name; four text indexes (actor_id, actor_name, target_id, target_name) made every batch of
// events dirty a page per distinct actor and target four times over. Instead each (id, name)
// pair is stored once in audit_entities and events carry its ref in actor_ref and target_ref,
// two integer indexes (tests/bench/README.md, audit ingest). This is the writer thread's cache of
// refs, kept in step with the transaction: refs made by a batch that rolls back are forgotten.
// SQLite indexes the refs under a seq bucket (auditseqbucket.h).
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>

namespace gantry {

class AuditEntityRefs final
{
public:
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
