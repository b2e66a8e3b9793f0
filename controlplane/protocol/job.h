// A job of a workflow run as the API shows it (named after Nomad's Job), with its JSON codec.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace gantry {

enum class JobStatus { Pending, Running, Dead };
enum class JobOutcome { Success, Failed, Canceled, Lost };

QString toApiString(JobStatus status);
std::optional<JobStatus> jobStatusFromString(const QString &text);
QString toApiString(JobOutcome outcome);
std::optional<JobOutcome> jobOutcomeFromString(const QString &text);

struct Job final
{
    QString id;
    QString name; // the job's key in config.yml
    QString workflow;
    QString workflowRunId;
    QString type = QStringLiteral("batch"); // "approval" for an approval job
    int priority = 50;
    JobStatus status = JobStatus::Pending;
    std::optional<JobOutcome> outcome; // set once dead
    QString statusDescription;         // why it is held, canceled or rejected
    bool onHold = false;               // an approval job waiting to be approved
    QString resourceClass = QStringLiteral("medium");
    int parallelism = 1;
    QStringList requiredJobs; // names of jobs of the same workflow run
    QDateTime submittedAt;
    QDateTime startedAt;
    QDateTime finishedAt;
    std::optional<double> queueSeconds; // from runnable to started; null until it starts

    // JSON names: id, name, workflow, workflow_run_id, type, priority, status, outcome (null until
    // dead), status_description, on_hold, resource_class, parallelism, requires, submitted_at,
    // started_at, finished_at, queue_seconds.
    QJsonObject toJson() const;
    // nullopt when id is missing or status/outcome is not one of the known values.
    static std::optional<Job> fromJson(const QJsonObject &object);
    bool operator==(const Job &) const = default;
};

} // namespace gantry
