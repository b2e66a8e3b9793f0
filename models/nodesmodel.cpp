#include "nodesmodel.h"

#include "fleetformat.h"

namespace gantry {

namespace {

QJsonObject sub(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}

double usedFraction(int used, int of)
{
    return of > 0 ? double(used) / of : 0.0;
}

} // namespace

NodesModel::NodesModel(QObject *parent)
    : LiveTableModel(makeColumns(), QStringLiteral("id"), parent)
{}

bool NodesModel::isDraining(const QJsonObject &node)
{
    return node.value(QLatin1String("drain")).toBool();
}

int NodesModel::runningAllocs(const QJsonObject &node)
{
    return node.value(QLatin1String("running_allocs")).toInt();
}

int NodesModel::allocatableCpu(const QJsonObject &node)
{
    return sub(node, "resources").value(QLatin1String("cpu")).toInt() -
           sub(node, "reserved").value(QLatin1String("cpu")).toInt();
}

int NodesModel::allocatableMemoryMb(const QJsonObject &node)
{
    return sub(node, "resources").value(QLatin1String("memory_mb")).toInt() -
           sub(node, "reserved").value(QLatin1String("memory_mb")).toInt();
}

QString NodesModel::drainText(const QJsonObject &node)
{
    if (!isDraining(node))
        return tr("no");
    const int left = runningAllocs(node);
    if (left == 0)
        return tr("drained");
    const QDateTime deadline = FleetFormat::parseTime(node.value(QLatin1String("drain_deadline")));
    const QString progress = tr("draining: %n allocation(s) left", nullptr, left);
    return deadline.isValid() ? tr("%1 (deadline %2)").arg(progress, FleetFormat::time(deadline))
                              : progress;
}

QString NodesModel::nameOf(const QString &id) const
{
    const int row = rowOf(id);
    if (row < 0)
        return id;
    const QString name = record(row).value(QLatin1String("name")).toString();
    return name.isEmpty() ? id : name;
}

QList<LiveTableModel::Column> NodesModel::makeColumns()
{
    const auto text = [](const char *key) {
        return [key](const QJsonObject &o) {
            return QVariant(o.value(QLatin1String(key)).toString());
        };
    };
    const auto translated = [](const char *key) {
        return [key](const QJsonObject &o) {
            return QVariant(FleetFormat::state(o.value(QLatin1String(key)).toString()));
        };
    };
    const auto raw = [](const char *key) {
        return [key](const QJsonObject &o) {
            return QVariant(o.value(QLatin1String(key)).toString());
        };
    };
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    return {
        {QStringLiteral("id"), tr("ID"), text("id"), {}},
        {QStringLiteral("name"), tr("Name"), text("name"), {}},
        {QStringLiteral("datacenter"), tr("Datacenter"), text("datacenter"), {}},
        {QStringLiteral("node_class"), tr("Class"), text("node_class"), {}},
        {QStringLiteral("drain"), tr("Drain"),
         [](const QJsonObject &o) { return QVariant(drainText(o)); },
         // Not draining first, then by allocations still to go.
         [](const QJsonObject &o) { return QVariant(isDraining(o) ? runningAllocs(o) : -1); },
         Qt::AlignLeft | Qt::AlignVCenter,
         tr("A draining node takes no new allocations; the count is what still runs on it.")},
        {QStringLiteral("eligibility"), tr("Eligibility"), translated("eligibility"),
         raw("eligibility")},
        {QStringLiteral("status"), tr("Status"), translated("status"), raw("status")},
        {QStringLiteral("running_allocs"), tr("Running allocs"),
         [](const QJsonObject &o) { return QVariant(QString::number(runningAllocs(o))); },
         [](const QJsonObject &o) { return QVariant(runningAllocs(o)); }, right},
        {QStringLiteral("cpu"), tr("CPU used"),
         [](const QJsonObject &o) {
             return QVariant(tr("%1 / %2")
                                 .arg(sub(o, "allocated").value(QLatin1String("cpu")).toInt())
                                 .arg(allocatableCpu(o)));
         },
         [](const QJsonObject &o) {
             return QVariant(usedFraction(sub(o, "allocated").value(QLatin1String("cpu")).toInt(),
                                          allocatableCpu(o)));
         },
         right,
         tr("CPU cores allocated of the node's allocatable cores (capacity minus reserved)")},
        {QStringLiteral("memory"), tr("Memory used"),
         [](const QJsonObject &o) {
             return QVariant(tr("%1 / %2").arg(
                 FleetFormat::memory(sub(o, "allocated").value(QLatin1String("memory_mb")).toInt()),
                 FleetFormat::memory(allocatableMemoryMb(o))));
         },
         [](const QJsonObject &o) {
             return QVariant(
                 usedFraction(sub(o, "allocated").value(QLatin1String("memory_mb")).toInt(),
                              allocatableMemoryMb(o)));
         },
         right, tr("Memory allocated of the node's allocatable memory (capacity minus reserved)")},
    };
}

} // namespace gantry
