#include "auditidfilter.h"

#include <algorithm>

namespace gantry {

namespace {

constexpr qint64 kBitsPerKey = 12;
constexpr qint64 kBitsPerBlock = 512;

// The id key is FNV-1a, whose low bits mix poorly: SplitMix64's finaliser spreads it first.
quint64 mix(qint64 key)
{
    quint64 z = quint64(key);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Odd constants, one per word of a block (Parquet's split-block Bloom filter uses these).
constexpr quint32 kSalt[8] = {0x47b6137bU, 0x44974d91U, 0x8824ad5bU, 0xa2b7289dU,
                              0x705495c7U, 0x2df1424bU, 0x9efc4947U, 0x5c6bfb31U};

// Bit i of the key's block: the top six bits of the low half times word i's salt.
quint64 bitOf(quint32 low, int i)
{
    return quint64(1) << (quint32(low * kSalt[i]) >> 26);
}

// The block of a key in a layer of `blocks` blocks: the high half scaled to the range.
std::size_t blockOf(quint64 hash, std::size_t blocks)
{
    return std::size_t((hash >> 32) * quint64(blocks) >> 32);
}

} // namespace

AuditIdFilter::AuditIdFilter(qint64 capacity)
{
    m_layers.push_back(makeLayer(std::max(capacity, kMinCapacity)));
}

AuditIdFilter::Layer AuditIdFilter::makeLayer(qint64 capacity)
{
    Layer layer;
    layer.capacity = capacity;
    const qint64 blocks = (capacity * kBitsPerKey + kBitsPerBlock - 1) / kBitsPerBlock;
    layer.blocks.assign(std::size_t(blocks), Block{});
    return layer;
}

void AuditIdFilter::add(qint64 key)
{
    if (m_layers.back().size >= m_layers.back().capacity)
        m_layers.push_back(makeLayer(m_layers.back().capacity * 2));
    Layer &layer = m_layers.back();
    const quint64 hash = mix(key);
    Block &block = layer.blocks[blockOf(hash, layer.blocks.size())];
    for (int i = 0; i < 8; ++i)
        block.words[i] |= bitOf(quint32(hash), i);
    ++layer.size;
    ++m_size;
}

bool AuditIdFilter::mayContain(qint64 key) const
{
    const quint64 hash = mix(key);
    for (const Layer &layer : m_layers) {
        const Block &block = layer.blocks[blockOf(hash, layer.blocks.size())];
        bool all = true;
        for (int i = 0; i < 8 && all; ++i)
            all = (block.words[i] & bitOf(quint32(hash), i)) != 0;
        if (all)
            return true;
    }
    return false;
}

qint64 AuditIdFilter::bytes() const
{
    qint64 total = 0;
    for (const Layer &layer : m_layers)
        total += qint64(layer.blocks.size() * sizeof(Block));
    return total;
}

} // namespace gantry
