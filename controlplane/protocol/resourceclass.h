// The resource classes a job can ask for (CircleCI's names), with the CPU and memory each reserves
// on a node.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace gantry {

struct ResourceClass final
{
    QString name;
    int cpu = 0;      // cores
    int memoryMb = 0; // MB

    // small 1/2 GB, medium 2/4, medium+ 3/6, large 4/8, xlarge 8/16, in that order.
    static const QList<ResourceClass> &all();
    static std::optional<ResourceClass> find(const QString &name);
    static QStringList names();
    static QString defaultName() { return QStringLiteral("medium"); }

    bool operator==(const ResourceClass &) const = default;
};

} // namespace gantry
