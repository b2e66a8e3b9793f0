#include "node.h"

#include "jsontime.h"

namespace gantry {

QString toApiString(NodeStatus status)
{
    switch (status) {
    case NodeStatus::Initializing:
        return QStringLiteral("initializing");
    case NodeStatus::Ready:
        return QStringLiteral("ready");
    case NodeStatus::Down:
        return QStringLiteral("down");
    }
    return {};
}

std::optional<NodeStatus> nodeStatusFromString(const QString &text)
{
    for (NodeStatus s : {NodeStatus::Initializing, NodeStatus::Ready, NodeStatus::Down}) {
        if (toApiString(s) == text)
            return s;
    }
    return std::nullopt;
}

QString toApiString(NodeEligibility eligibility)
{
    return eligibility == NodeEligibility::Eligible ? QStringLiteral("eligible")
                                                    : QStringLiteral("ineligible");
}

std::optional<NodeEligibility> nodeEligibilityFromString(const QString &text)
{
    if (text == QLatin1String("eligible"))
        return NodeEligibility::Eligible;
    if (text == QLatin1String("ineligible"))
        return NodeEligibility::Ineligible;
    return std::nullopt;
}

QJsonObject NodeResources::toJson() const
{
    return QJsonObject{{"cpu", cpu}, {"memory_mb", memoryMb}};
}

NodeResources NodeResources::fromJson(const QJsonObject &object)
{
    return {object.value("cpu").toInt(), object.value("memory_mb").toInt()};
}

QJsonObject Node::toJson() const
{
    return QJsonObject{
        {"id", id},
        {"name", name},
        {"datacenter", datacenter},
        {"node_class", nodeClass},
        {"drain", drain},
        {"drain_deadline", jsontime::toJson(drainDeadline)},
        {"eligibility", toApiString(eligibility)},
        {"status", toApiString(status)},
        {"address", address},
        {"resources", resources.toJson()},
        {"reserved", reserved.toJson()},
        {"running_allocs", runningAllocs},
    };
}

std::optional<Node> Node::fromJson(const QJsonObject &object)
{
    Node node;
    node.id = object.value("id").toString();
    if (node.id.isEmpty())
        return std::nullopt;
    const auto status = nodeStatusFromString(object.value("status").toString());
    const auto eligibility = nodeEligibilityFromString(object.value("eligibility").toString());
    if (!status || !eligibility)
        return std::nullopt;
    node.name = object.value("name").toString();
    node.datacenter = object.value("datacenter").toString();
    node.nodeClass = object.value("node_class").toString();
    node.drain = object.value("drain").toBool();
    node.drainDeadline = jsontime::fromJson(object.value("drain_deadline"));
    node.eligibility = *eligibility;
    node.status = *status;
    node.address = object.value("address").toString();
    node.resources = NodeResources::fromJson(object.value("resources").toObject());
    node.reserved = NodeResources::fromJson(object.value("reserved").toObject());
    node.runningAllocs = object.value("running_allocs").toInt();
    return node;
}

} // namespace gantry
