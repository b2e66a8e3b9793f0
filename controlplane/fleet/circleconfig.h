// What a CircleCI-style config.yml describes, once parsed: jobs with their steps and workflows
// with their dependencies. Plain values, shared by the parser, LocalFleet and AllocationRunner.
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <optional>

namespace gantry {

using EnvironmentList = QList<QPair<QString, QString>>; // in the order config.yml gives them

struct StepSpec final
{
    enum class Kind { Run, Checkout, Skipped };
    enum class When { OnSuccess, Always, OnFail };

    Kind kind = Kind::Run;
    QString name;    // run: the name, or the command's first line; skipped: e.g. "save_cache"
    QString command; // run only
    EnvironmentList environment;
    QString workingDirectory;           // empty: the job's
    qint64 noOutputTimeoutMs = 600'000; // CircleCI's default, 10 minutes
    When when = When::OnSuccess;
    int line = 0; // 1-based, for messages
};

struct JobSpec final
{
    QString name;          // the key under `jobs:`
    QString executor;      // "docker", "machine" or empty
    QString executorImage; // the first docker image, or the machine image
    QString resourceClass = QStringLiteral("medium");
    int parallelism = 1;
    EnvironmentList environment;
    QString workingDirectory = QStringLiteral("~/project");
    QList<StepSpec> steps;
    int line = 0;
    int resourceClassLine = 0; // where resource_class was given (or the job's line)
    int resourceClassColumn = 0;
};

struct WorkflowJobSpec final
{
    QString name; // a key of `jobs:`, or any name for an approval job
    QStringList requiredJobs;
    bool approval = false;
    int line = 0;
};

struct WorkflowSpec final
{
    QString name;
    QList<WorkflowJobSpec> jobs; // in config order
    int line = 0;
};

struct CircleConfig final
{
    QString version;
    QList<JobSpec> jobs;
    QList<WorkflowSpec> workflows; // a config without `workflows:` gets one named "default" that
                                   // runs the job `build`, as CircleCI 2.0 did

    const JobSpec *job(const QString &name) const
    {
        for (const JobSpec &j : jobs) {
            if (j.name == name)
                return &j;
        }
        return nullptr;
    }
    const WorkflowSpec *workflow(const QString &name) const
    {
        for (const WorkflowSpec &w : workflows) {
            if (w.name == name)
                return &w;
        }
        return nullptr;
    }
};

struct ConfigError final
{
    int line = 0;   // 1-based; 0 when the problem has no position
    int column = 0; // 1-based
    QString message;

    // "line L, column C: message"
    QString toString() const
    {
        if (line <= 0)
            return message;
        return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message);
    }
};

} // namespace gantry
