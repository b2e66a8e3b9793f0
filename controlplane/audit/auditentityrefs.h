// Actors and targets as small numbers. The actor and target filters match an entity's id or its
// name; four text indexes (actor_id, actor_name, target_id, target_name) made every batch of
// events dirty a page per distinct actor and target four times over. Instead each (id, name)
// pair is stored once in audit_entities and events carry its ref in actor_ref and target_ref,
// two integer indexes (tests/bench/README.md, audit ingest). This is the writer thread's cache of
// refs, kept in step with the transaction: refs made by a batch that rolls back are forgotten.
// SQLite indexes the refs under a seq bucket (auditseqbucket.h).
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace gantry {

class AuditEntityRefs final
{
public:
    // Null id or name are stored as "" (the pair is the key, and SQL's NULLs are never equal).
    std::optional<qint64> find(const QString &id, const QString &name) const
    {
        const auto it = m_refs.constFind(hashOf(id, name));
        if (it == m_refs.cend() || it->id != id || it->name != name)
            return std::nullopt; // unknown, or another pair of the same hash: a database lookup
        return it->ref;
    }
    // A ref the current batch found or made.
    void add(const QString &id, const QString &name, qint64 ref)
    {
        const quint64 hash = hashOf(id, name);
        m_refs.insert(hash, {id, name, ref});
        m_addedInBatch.append(hash);
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
        for (const quint64 hash : std::as_const(m_addedInBatch))
            m_refs.remove(hash);
        m_addedInBatch.clear();
    }

    static constexpr qsizetype kMaxCached = 200000;

private:
    struct Entry
    {
        QString id;
        QString name;
        qint64 ref = 0;
    };
    // Keyed by a hash of the pair, so a lookup builds no key string (two per event).
    static quint64 hashOf(const QString &id, const QString &name)
    {
        return quint64(qHashMulti(0, QStringView(id), QStringView(name)));
    }

    QHash<quint64, Entry> m_refs;
    QList<quint64> m_addedInBatch;
};

} // namespace gantry
