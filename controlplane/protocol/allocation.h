// One placed (or waiting) slice of a job as the API shows it (named after Nomad's Allocation),
// with its JSON codec.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace gantry {

enum class ClientStatus { Pending, Running, Complete, Failed, Lost };

QString toApiString(ClientStatus status);
std::optional<ClientStatus> clientStatusFromString(const QString &text);
inline bool isTerminal(ClientStatus status)
{
    return status == ClientStatus::Complete || status == ClientStatus::Failed ||
           status == ClientStatus::Lost;
}

struct Allocation final
{
    QString id;
    QString jobId;
    QString nodeId; // empty until placed
    int index = 0;  // the parallel slice, CIRCLE_NODE_INDEX
    ClientStatus clientStatus = ClientStatus::Pending;
    QString clientDescription; // why it failed, was lost or stopped
    std::optional<int> exitCode;
    QDateTime createdAt;
    QDateTime placedAt;
    QDateTime startedAt;
    QDateTime finishedAt;

    // JSON names: id, job_id, node_id (null until placed), index, client_status,
    // client_description, exit_code, created_at, placed_at, started_at, finished_at.
    QJsonObject toJson() const;
    static std::optional<Allocation> fromJson(const QJsonObject &object);
    bool operator==(const Allocation &) const = default;
};

} // namespace gantry
