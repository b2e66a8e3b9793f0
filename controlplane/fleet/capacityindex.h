// Free capacity of the schedulable nodes, indexed by free CPU and then free memory, so that a
// best-fit node for a request is found in O(distinct free-CPU levels × log nodes) instead of a
// scan.
#pragma once

#include <map>
#include <set>
#include <utility>

namespace gantry {

class CapacityIndex final
{
public:
    void insert(int node, int freeCpu, int freeMemoryMb);
    void erase(int node, int freeCpu, int freeMemoryMb);
    void clear() { m_byCpu.clear(); }

    // Best fit: among the nodes that hold the request, the one with the least free CPU, then the
    // least free memory, then the lowest node number (so placement is deterministic). -1 if none.
    int find(int cpu, int memoryMb) const;

private:
    std::map<int, std::set<std::pair<int, int>>> m_byCpu; // free cpu → {(free memory, node)}
};

} // namespace gantry
