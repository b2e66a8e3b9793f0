// The shape of the local fleet given with `gantryd --fleet local:N` or `local:NxCcpu,Mg`: how many
// virtual nodes, their capacity, and the stable ids they get in a data directory.
#pragma once

#include "node.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <optional>

namespace gantry {

struct ParsedFleetSpec;

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

    // The nodes, named local-1..local-N, ready and eligible, with resources = the capacity and
    // reserved = the guide's reservation.
    QList<Node> nodes(const QString &dataDir) const;
    // The same id for the same data directory and index, across restarts (a UUID v5).
    static QString nodeId(const QString &dataDir, int index);
    // The node a later `POST /v1/nodes` adds as number `index` (0-based).
    Node node(const QString &dataDir, int index) const;

    bool operator==(const FleetSpec &) const = default;

private:
    int m_nodeCount = 3;
    int m_cpu = 8;
    int m_memoryMb = 16384;
};

struct ParsedFleetSpec final
{
    std::optional<FleetSpec> spec;
    QString error; // names the problem and the expected form
};

} // namespace gantry
