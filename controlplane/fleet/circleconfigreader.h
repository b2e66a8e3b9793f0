// Walks a parsed config.yml for CircleConfigParser, collecting errors that each carry the
// position (yaml-cpp Mark) of the node at fault. Internal to the fleet: it exposes yaml-cpp types.
#pragma once

#include "circleconfig.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <optional>
#include <yaml-cpp/yaml.h>

namespace gantry {

class CircleConfigReader final
{
    // Its messages are the parser's, for translators.
    Q_DECLARE_TR_FUNCTIONS(CircleConfigParser)

public:
    // In the order found; the parser adds its own and sorts them.
    QList<ConfigError> &errors() { return m_errors; }

    void error(const YAML::Node &node, const QString &message);
    static int line(const YAML::Node &node) { return node.Mark().line + 1; }
    std::optional<QString> scalar(const YAML::Node &node, const QString &what);
    EnvironmentList environment(const YAML::Node &node, const QString &where);
    std::optional<QString> workingDirectory(const YAML::Node &node);
    void unknownKey(const YAML::Node &key, const QString &where, const QStringList &expected);
    std::optional<StepSpec> runStep(const YAML::Node &node);
    std::optional<StepSpec> step(const YAML::Node &node);
    void executor(const QString &key, const YAML::Node &value, JobSpec &job);
    std::optional<JobSpec> job(const YAML::Node &key, const YAML::Node &node);
    void workflow(const YAML::Node &key, const YAML::Node &node, CircleConfig &config);
    // Every `requires` names a job of the same workflow, and the requirements have no cycle.
    void checkRequires(const YAML::Node &jobsNode, const WorkflowSpec &wf);
    static int requiresColumn(const YAML::Node &jobsNode, const QString &name);

private:
    QList<ConfigError> m_errors;
};

} // namespace gantry
