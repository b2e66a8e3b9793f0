// A fleet node as the API shows it (named after Nomad's Node), with its JSON codec.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace gantry {

enum class NodeStatus { Initializing, Ready, Down };
enum class NodeEligibility { Eligible, Ineligible };

QString toApiString(NodeStatus status);
std::optional<NodeStatus> nodeStatusFromString(const QString &text);
QString toApiString(NodeEligibility eligibility);
std::optional<NodeEligibility> nodeEligibilityFromString(const QString &text);

struct NodeResources final
{
    int cpu = 0;      // cores
    int memoryMb = 0; // MB

    QJsonObject toJson() const;
    static NodeResources fromJson(const QJsonObject &object);
    bool operator==(const NodeResources &) const = default;
};

struct Node final
{
    QString id;
    QString name;
    QString datacenter = QStringLiteral("dc1");
    QString nodeClass;
    bool drain = false;
    QDateTime drainDeadline; // invalid: no deadline
    NodeEligibility eligibility = NodeEligibility::Eligible;
    NodeStatus status = NodeStatus::Ready;
    QString address;
    NodeResources resources; // the whole capacity
    NodeResources reserved;  // kept back for coordination, never allocated
    int runningAllocs = 0;

    // What placement may hand out: resources minus reserved.
    NodeResources allocatable() const
    {
        return {resources.cpu - reserved.cpu, resources.memoryMb - reserved.memoryMb};
    }

    // JSON names: id, name, datacenter, node_class, drain, drain_deadline, eligibility, status,
    // address, resources {cpu, memory_mb}, reserved {cpu, memory_mb}, running_allocs.
    QJsonObject toJson() const;
    // nullopt when id is missing or a status/eligibility value is unknown.
    static std::optional<Node> fromJson(const QJsonObject &object);
    bool operator==(const Node &) const = default;
};

} // namespace gantry
