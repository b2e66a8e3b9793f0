// Reads a CircleCI-style config.yml (yaml-cpp) into a CircleConfig, or into a list of errors that
// each name the line, the column and the problem.
#pragma once

#include "circleconfig.h"
#include "resourceclass.h"

#include <QByteArray>
#include <QCoreApplication>
#include <functional>

namespace gantry {

class CircleConfigParser final
{
    Q_DECLARE_TR_FUNCTIONS(CircleConfigParser)

public:
    // Answers why a job of this resource class can never be placed on the fleet, or nullopt when
    // some node could hold it. The scheduler provides it (Scheduler::neverFitsReason).
    using FitCheck = std::function<std::optional<QString>(const ResourceClass &)>;

    struct Result final
    {
        std::optional<CircleConfig> config; // set only when errors is empty
        QList<ConfigError> errors;          // in document order
        bool ok() const { return errors.isEmpty(); }
        QString errorText() const; // one error per line
    };

    struct WorkflowChoice final
    {
        const WorkflowSpec *workflow = nullptr;
        QString error;
    };

    void setFitCheck(FitCheck check) { m_fitCheck = std::move(check); }

    Result parse(const QByteArray &yaml) const;

    // The workflow to run: the one named, or the only one. An empty name with several workflows is
    // an error that lists them.
    static WorkflowChoice chooseWorkflow(const CircleConfig &config, const QString &name);

    // "10m", "1.5h", "30s", "1m30s", "500ms"; a bare number is seconds. nullopt when malformed.
    static std::optional<qint64> parseDurationMs(const QString &text);

    static constexpr int kMaxParallelism = 100;

private:
    Result parseUnchecked(const QByteArray &yaml) const;
    FitCheck m_fitCheck;
};

} // namespace gantry
