#include "job.h"

#include "jsontime.h"

#include <QJsonArray>

namespace gantry {

QString toApiString(JobStatus status)
{
    switch (status) {
    case JobStatus::Pending:
        return QStringLiteral("pending");
    case JobStatus::Running:
        return QStringLiteral("running");
    case JobStatus::Dead:
        return QStringLiteral("dead");
    }
    return {};
}

std::optional<JobStatus> jobStatusFromString(const QString &text)
{
    for (JobStatus s : {JobStatus::Pending, JobStatus::Running, JobStatus::Dead}) {
        if (toApiString(s) == text)
            return s;
    }
    return std::nullopt;
}

QString toApiString(JobOutcome outcome)
{
    switch (outcome) {
    case JobOutcome::Success:
        return QStringLiteral("success");
    case JobOutcome::Failed:
        return QStringLiteral("failed");
    case JobOutcome::Canceled:
        return QStringLiteral("canceled");
    case JobOutcome::Lost:
        return QStringLiteral("lost");
    }
    return {};
}

std::optional<JobOutcome> jobOutcomeFromString(const QString &text)
{
    for (JobOutcome o :
         {JobOutcome::Success, JobOutcome::Failed, JobOutcome::Canceled, JobOutcome::Lost}) {
        if (toApiString(o) == text)
            return o;
    }
    return std::nullopt;
}

QJsonObject Job::toJson() const
{
    return QJsonObject{
        {"id", id},
        {"name", name},
        {"workflow", workflow},
        {"workflow_run_id", workflowRunId},
        {"type", type},
        {"priority", priority},
        {"status", toApiString(status)},
        {"outcome", outcome ? QJsonValue(toApiString(*outcome)) : QJsonValue(QJsonValue::Null)},
        {"status_description", statusDescription},
        {"on_hold", onHold},
        {"resource_class", resourceClass},
        {"parallelism", parallelism},
        {"requires", QJsonArray::fromStringList(requiredJobs)},
        {"submitted_at", jsontime::toJson(submittedAt)},
        {"started_at", jsontime::toJson(startedAt)},
        {"finished_at", jsontime::toJson(finishedAt)},
        {"queue_seconds", queueSeconds ? QJsonValue(*queueSeconds) : QJsonValue(QJsonValue::Null)},
    };
}

std::optional<Job> Job::fromJson(const QJsonObject &object)
{
    Job job;
    job.id = object.value("id").toString();
    const auto status = jobStatusFromString(object.value("status").toString());
    if (job.id.isEmpty() || !status)
        return std::nullopt;
    job.status = *status;
    const QJsonValue outcome = object.value("outcome");
    if (outcome.isString()) {
        job.outcome = jobOutcomeFromString(outcome.toString());
        if (!job.outcome)
            return std::nullopt;
    }
    job.name = object.value("name").toString();
    job.workflow = object.value("workflow").toString();
    job.workflowRunId = object.value("workflow_run_id").toString();
    job.type = object.value("type").toString(QStringLiteral("batch"));
    job.priority = object.value("priority").toInt(50);
    job.statusDescription = object.value("status_description").toString();
    job.onHold = object.value("on_hold").toBool();
    job.resourceClass = object.value("resource_class").toString();
    job.parallelism = object.value("parallelism").toInt(1);
    for (const QJsonValue &r : object.value("requires").toArray())
        job.requiredJobs.append(r.toString());
    job.submittedAt = jsontime::fromJson(object.value("submitted_at"));
    job.startedAt = jsontime::fromJson(object.value("started_at"));
    job.finishedAt = jsontime::fromJson(object.value("finished_at"));
    if (object.value("queue_seconds").isDouble())
        job.queueSeconds = object.value("queue_seconds").toDouble();
    return job;
}

} // namespace gantry
