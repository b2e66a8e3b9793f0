#include "fleetspec.h"

#include <QRegularExpression>
#include <QUuid>

#include <algorithm>
#include <vector>

namespace gantry {

FleetSpec::FleetSpec(int nodeCount, int cpu, int memoryMb)
    : m_nodeCount(nodeCount)
    , m_cpu(cpu)
    , m_memoryMb(memoryMb)
{}

ParsedFleetSpec FleetSpec::parse(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty())
        return {FleetSpec(), {}};
    static const QRegularExpression pattern(
        QStringLiteral("^local:(\\d+)(?:x(\\d+)cpus?,(\\d+)(g|gb|m|mb))?$"));
    const QString expected = tr("expected local:N or local:NxCcpu,Mg, e.g. %1").arg(defaultText());
    const auto m = pattern.match(t);
    if (!m.hasMatch()) {
        if (!t.startsWith(QLatin1String("local:")))
            return {std::nullopt, tr("--fleet '%1': only the local fleet is available here (%2)")
                                      .arg(text, expected)};
        return {std::nullopt, tr("--fleet '%1' is not understood (%2)").arg(text, expected)};
    }
    bool ok = false;
    const int count = m.captured(1).toInt(&ok);
    if (!ok || count < 1 || count > kMaxNodes)
        return {std::nullopt,
                tr("--fleet '%1': the node count must be from 1 to %2").arg(text).arg(kMaxNodes)};
    FleetSpec spec(count, 8, 16384);
    if (!m.captured(2).isEmpty()) {
        const int cpu = m.captured(2).toInt(&ok);
        if (!ok || cpu > 1024)
            return {std::nullopt, tr("--fleet '%1': at most 1024 CPUs per node").arg(text)};
        const qint64 amount = m.captured(3).toLongLong(&ok);
        const bool gb = m.captured(4).startsWith(QLatin1Char('g'));
        const qint64 memoryMb = gb ? amount * 1024 : amount;
        if (!ok || memoryMb > 16 * 1024 * 1024)
            return {std::nullopt, tr("--fleet '%1': at most 16384 GB per node").arg(text)};
        spec = FleetSpec(count, cpu, int(memoryMb));
    }
    if (spec.m_cpu <= kReservedCpu || spec.m_memoryMb <= kReservedMemoryMb)
        return {std::nullopt, tr("--fleet '%1': each node keeps %2 CPUs and %3 GB for "
                                 "coordination, so it needs more than that (%4)")
                                  .arg(text)
                                  .arg(kReservedCpu)
                                  .arg(kReservedMemoryMb / 1024)
                                  .arg(expected)};
    return {spec, {}};
}

QString FleetSpec::toString() const
{
    const QString memory = m_memoryMb % 1024 == 0 ? QStringLiteral("%1g").arg(m_memoryMb / 1024)
                                                  : QStringLiteral("%1m").arg(m_memoryMb);
    return QStringLiteral("local:%1x%2cpu,%3").arg(m_nodeCount).arg(m_cpu).arg(memory);
}

QString FleetSpec::newFleetId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString FleetSpec::nodeId(const QString &fleetId, int index)
{
    // A fixed namespace for Gantry's local nodes; the name is the fleet id and the index.
    static const QUuid ns(QStringLiteral("{6f1c3a52-8e0d-4c5b-9a57-2f4e1d7b9c30}"));
    return QUuid::createUuidV5(ns, QStringLiteral("%1#local-%2").arg(fleetId).arg(index))
        .toString(QUuid::WithoutBraces);
}

Node FleetSpec::node(const QString &fleetId, int index) const
{
    Node node;
    node.id = nodeId(fleetId, index);
    node.name = QStringLiteral("local-%1").arg(index + 1);
    node.datacenter = QStringLiteral("dc1");
    node.nodeClass = QStringLiteral("local");
    node.address = QStringLiteral("127.0.0.1");
    node.status = NodeStatus::Ready;
    node.eligibility = NodeEligibility::Eligible;
    node.resources = {m_cpu, m_memoryMb};
    node.reserved = {kReservedCpu, kReservedMemoryMb};
    return node;
}

QList<Node> FleetSpec::nodes(const QString &fleetId) const
{
    QList<Node> result;
    result.reserve(m_nodeCount);
    for (int i = 0; i < m_nodeCount; ++i)
        result.append(node(fleetId, i));
    return result;
}

std::optional<int> FleetSpec::indexOf(const Node &node)
{
    static const QRegularExpression pattern(QStringLiteral("^local-([1-9]\\d{0,8})$"));
    const auto m = pattern.match(node.name);
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toInt() - 1;
}

FleetNodePlan FleetSpec::plan(const QString &fleetId, const QList<Node> &stored) const
{
    FleetNodePlan plan;
    plan.fleetId = fleetId;
    int unnamed = 0;
    int beyond = 0;
    int duplicates = 0;
    std::vector<std::pair<int, const Node *>> byIndex;
    byIndex.reserve(stored.size());
    for (const Node &n : stored) {
        const auto index = indexOf(n);
        if (index && *index < kMaxNodes) {
            byIndex.emplace_back(*index, &n);
            continue;
        }
        if (index)
            ++beyond;
        else
            ++unnamed;
        plan.dropped.append(n.id);
    }
    std::sort(byIndex.begin(), byIndex.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
    });
    // Takes the stored node of `next`'s index (the lowest id), and drops the others of that index.
    auto next = byIndex.cbegin();
    auto takeStored = [&] {
        const int index = next->first;
        Node n = node(fleetId, index);
        n.id = next->second->id;
        n.drain = next->second->drain;
        n.drainDeadline = next->second->drainDeadline;
        n.eligibility = next->second->eligibility;
        plan.nodes.append(n);
        for (++next; next != byIndex.cend() && next->first == index; ++next) {
            plan.dropped.append(next->second->id);
            ++duplicates;
        }
        plan.nextIndex = std::max(plan.nextIndex, index + 1);
    };
    for (int index = 0; index < m_nodeCount; ++index) {
        if (next != byIndex.cend() && next->first == index)
            takeStored();
        else
            plan.nodes.append(node(fleetId, index));
    }
    while (next != byIndex.cend())
        takeStored(); // beyond N, gaps (nodes removed through the API) stay gaps
    plan.nextIndex = std::max(plan.nextIndex, m_nodeCount);
    if (unnamed > 0)
        plan.problems << tr("%1 stored node(s) dropped: not named local-<number>").arg(unnamed);
    if (beyond > 0)
        plan.problems
            << tr("%1 stored node(s) dropped: numbered beyond local-%2").arg(beyond).arg(kMaxNodes);
    if (duplicates > 0)
        plan.problems << tr("%1 stored node(s) dropped: another node has the same name (the "
                            "lowest id of each name is kept)")
                             .arg(duplicates);
    return plan;
}

} // namespace gantry
