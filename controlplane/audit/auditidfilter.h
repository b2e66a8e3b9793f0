// Which audit event ids may already be stored: an in-memory filter over their 64-bit keys
// (auditidkey.h) that answers "certainly not" for nearly every new id, so the writer looks an id
// up in the database only when the filter says it may be there (a duplicate, or one false
// positive in several hundred).
//
// Why: the id key's index is the one random index of audit_events. Under a plain (id_key) index
// each batch dirtied nearly every leaf of it (tests/bench/README.md, audit ingest); SQLite keeps
// it under a seq bucket instead, (seq >> 16, id_key), where a batch's entries land in the newest
// bucket's few leaves, but where finding an id takes one seek per bucket. The filter makes that
// search rare.
//
// A split-block Bloom filter (one 64-byte block per key, one bit in each of its eight words),
// 12 bits per key of capacity: about 0.3 % false positives when full, fewer below. It grows by
// layers: when the newest layer holds its capacity, a layer twice as large takes the next keys,
// and a query asks every layer. Memory: 1.5 bytes per key of capacity (3 MiB for 2M keys).
#pragma once

#include <QtGlobal>

#include <vector>

namespace gantry {

class AuditIdFilter final
{
public:
    // Room for `capacity` keys in the first layer (at least kMinCapacity).
    explicit AuditIdFilter(qint64 capacity = 0);

    void add(qint64 key);
    // False: the key was never added. True: it may have been.
    bool mayContain(qint64 key) const;

    qint64 size() const { return m_size; }
    qsizetype layers() const { return qsizetype(m_layers.size()); }
    qint64 bytes() const;

    static constexpr qint64 kMinCapacity = qint64(1) << 20;

private:
    struct alignas(64) Block
    {
        quint64 words[8];
    };
    struct Layer
    {
        std::vector<Block> blocks;
        qint64 capacity = 0;
        qint64 size = 0;
    };
    static Layer makeLayer(qint64 capacity);

    std::vector<Layer> m_layers;
    qint64 m_size = 0;
};

} // namespace gantry
