// The shape of the local fleet given with `gantryd --fleet local:N` or `local:NxCcpu,Mg`: how many
// virtual nodes, their capacity, the stable ids they get, and how they meet the stored nodes.
#pragma once

#include "node.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace gantry {

struct ParsedFleetSpec;
struct FleetNodePlan;

class FleetSpec final
{
    Q_DECLARE_TR_FUNCTIONS(FleetSpec)

public:
    // The operations guide keeps 2 CPUs and 4 GB of every node for coordination.
    static constexpr int kReservedCpu = 2;
    static constexpr int kReservedMemoryMb = 4096;
    static constexpr int kMaxNodes = 10'000;

    FleetSpec() = default; // local:3x8cpu,16g
    FleetSpec(int nodeCount, int cpu, int memoryMb);

    // "local:N", "local:NxCcpu,Mg" (memory also as "Mgb", "Mm" or "Mmb"); empty = the default.
    static ParsedFleetSpec parse(const QString &text);
    static QString defaultText() { return QStringLiteral("local:3x8cpu,16g"); }

    int nodeCount() const { return m_nodeCount; }
    int cpu() const { return m_cpu; }
    int memoryMb() const { return m_memoryMb; }
    QString toString() const; // canonical "local:NxCcpu,Mg" (or ",Mm" when not whole GB)

    // A new fleet id: the random UUID that node ids derive from. Stored once (FleetStore), so the
    // ids stay the same across restarts and wherever the data directory moves.
    static QString newFleetId();
    // The nodes, named local-1..local-N, ready and eligible, with resources = the capacity and
    // reserved = the guide's reservation.
    QList<Node> nodes(const QString &fleetId) const;
    // The same id for the same fleet id and index (a UUID v5); never from a path.
    static QString nodeId(const QString &fleetId, int index);
    // Node number `index` (0-based), named local-<index + 1>: one of the N, or one that a later
    // `POST /v1/nodes` adds.
    Node node(const QString &fleetId, int index) const;
    // The index of a local fleet's node, read back from its name (local-1 is 0; names never
    // change), or nullopt for a name that is not local-<K>.
    static std::optional<int> indexOf(const Node &node);
    // The nodes to start with, given those stored by earlier runs: see FleetNodePlan.
    FleetNodePlan plan(const QString &fleetId, const QList<Node> &stored) const;

    bool operator==(const FleetSpec &) const = default;

private:
    int m_nodeCount = 3;
    int m_cpu = 8;
    int m_memoryMb = 16384;
};

// The local fleet's nodes at start, reconciled with the stored ones, in one sort (no search per
// node):
// - index 0..N-1 (`--fleet local:N`): the stored node of that index, with its id, drain and
//   eligibility, or else a new node whose id derives from the fleet id;
// - stored nodes of a higher index (added through the API, or by an earlier, larger --fleet) come
//   back as they were: a smaller N never removes nodes (drain and remove them through the API),
//   and a removed one stays removed;
// - every node takes the current spec's capacity;
// - a stored node that has no place is dropped: a name that is not local-<K>, an index from
//   kMaxNodes on, or a second node of the same index (the lowest id is kept; only databases from
//   before fleet ids, opened from another path, have these).
struct FleetNodePlan final
{
    QString fleetId;
    QList<Node> nodes;    // by index
    int nextIndex = 0;    // the index of the next node added through the API
    QStringList dropped;  // ids of the stored nodes left out
    QStringList problems; // why, one line per reason
};

struct ParsedFleetSpec final
{
    std::optional<FleetSpec> spec;
    QString error; // names the problem and the expected form
};

} // namespace gantry
