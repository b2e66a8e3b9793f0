#include "allocation.h"

#include "jsontime.h"

namespace gantry {

QString toApiString(ClientStatus status)
{
    switch (status) {
    case ClientStatus::Pending:
        return QStringLiteral("pending");
    case ClientStatus::Running:
        return QStringLiteral("running");
    case ClientStatus::Complete:
        return QStringLiteral("complete");
    case ClientStatus::Failed:
        return QStringLiteral("failed");
    case ClientStatus::Lost:
        return QStringLiteral("lost");
    }
    return {};
}

std::optional<ClientStatus> clientStatusFromString(const QString &text)
{
    for (ClientStatus s : {ClientStatus::Pending, ClientStatus::Running, ClientStatus::Complete,
                           ClientStatus::Failed, ClientStatus::Lost}) {
        if (toApiString(s) == text)
            return s;
    }
    return std::nullopt;
}

QJsonObject Allocation::toJson() const
{
    return QJsonObject{
        {"id", id},
        {"job_id", jobId},
        {"node_id", nodeId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(nodeId)},
        {"index", index},
        {"client_status", toApiString(clientStatus)},
        {"client_description", clientDescription},
        {"exit_code", exitCode ? QJsonValue(*exitCode) : QJsonValue(QJsonValue::Null)},
        {"created_at", jsontime::toJson(createdAt)},
        {"placed_at", jsontime::toJson(placedAt)},
        {"started_at", jsontime::toJson(startedAt)},
        {"finished_at", jsontime::toJson(finishedAt)},
    };
}

std::optional<Allocation> Allocation::fromJson(const QJsonObject &object)
{
    Allocation alloc;
    alloc.id = object.value("id").toString();
    const auto status = clientStatusFromString(object.value("client_status").toString());
    if (alloc.id.isEmpty() || !status)
        return std::nullopt;
    alloc.clientStatus = *status;
    alloc.jobId = object.value("job_id").toString();
    alloc.nodeId = object.value("node_id").toString();
    alloc.index = object.value("index").toInt();
    alloc.clientDescription = object.value("client_description").toString();
    if (object.value("exit_code").isDouble())
        alloc.exitCode = object.value("exit_code").toInt();
    alloc.createdAt = jsontime::fromJson(object.value("created_at"));
    alloc.placedAt = jsontime::fromJson(object.value("placed_at"));
    alloc.startedAt = jsontime::fromJson(object.value("started_at"));
    alloc.finishedAt = jsontime::fromJson(object.value("finished_at"));
    return alloc;
}

} // namespace gantry
