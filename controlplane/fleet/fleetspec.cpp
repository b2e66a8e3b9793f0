#include "fleetspec.h"

#include <QDir>
#include <QRegularExpression>
#include <QUuid>

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

QString FleetSpec::nodeId(const QString &dataDir, int index)
{
    // A fixed namespace for Gantry's local nodes; the name is the canonical data dir and index.
    static const QUuid ns(QStringLiteral("{6f1c3a52-8e0d-4c5b-9a57-2f4e1d7b9c30}"));
    const QString canonical = QDir(dataDir).absolutePath();
    return QUuid::createUuidV5(ns, QStringLiteral("%1#local-%2").arg(canonical).arg(index))
        .toString(QUuid::WithoutBraces);
}

Node FleetSpec::node(const QString &dataDir, int index) const
{
    Node node;
    node.id = nodeId(dataDir, index);
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

QList<Node> FleetSpec::nodes(const QString &dataDir) const
{
    QList<Node> result;
    result.reserve(m_nodeCount);
    for (int i = 0; i < m_nodeCount; ++i)
        result.append(node(dataDir, i));
    return result;
}

} // namespace gantry
