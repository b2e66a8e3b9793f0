#include "capacityindex.h"

namespace gantry {

void CapacityIndex::insert(int node, int freeCpu, int freeMemoryMb)
{
    m_byCpu[freeCpu].insert({freeMemoryMb, node});
}

void CapacityIndex::erase(int node, int freeCpu, int freeMemoryMb)
{
    const auto bucket = m_byCpu.find(freeCpu);
    if (bucket == m_byCpu.end())
        return;
    bucket->second.erase({freeMemoryMb, node});
    if (bucket->second.empty())
        m_byCpu.erase(bucket);
}

int CapacityIndex::find(int cpu, int memoryMb) const
{
    for (auto bucket = m_byCpu.lower_bound(cpu); bucket != m_byCpu.end(); ++bucket) {
        const auto candidate = bucket->second.lower_bound({memoryMb, -1});
        if (candidate != bucket->second.end())
            return candidate->second;
    }
    return -1;
}

} // namespace gantry
