#include "circleconfigreader.h"

#include "circleconfigparser.h"
#include "resourceclass.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <functional>

namespace gantry {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

const QStringList kTopKeys{QStringLiteral("version"), QStringLiteral("jobs"),
                           QStringLiteral("workflows")};
const QStringList kJobKeys{QStringLiteral("docker"),         QStringLiteral("machine"),
                           QStringLiteral("resource_class"), QStringLiteral("parallelism"),
                           QStringLiteral("environment"),    QStringLiteral("working_directory"),
                           QStringLiteral("steps")};
const QStringList kRunKeys{QStringLiteral("name"),
                           QStringLiteral("command"),
                           QStringLiteral("environment"),
                           QStringLiteral("working_directory"),
                           QStringLiteral("no_output_timeout"),
                           QStringLiteral("when")};
const QStringList kSkippedSteps{
    QStringLiteral("save_cache"),           QStringLiteral("restore_cache"),
    QStringLiteral("persist_to_workspace"), QStringLiteral("attach_workspace"),
    QStringLiteral("store_artifacts"),      QStringLiteral("store_test_results"),
    QStringLiteral("setup_remote_docker"),  QStringLiteral("add_ssh_keys")};
const QStringList kWorkflowJobKeys{QStringLiteral("requires"), QStringLiteral("type"),
                                   QStringLiteral("context"), QStringLiteral("filters")};

} // namespace

void CircleConfigReader::error(const YAML::Node &node, const QString &message)
{
    const YAML::Mark mark = node.Mark();
    m_errors.append({mark.line + 1, mark.column + 1, message});
}

std::optional<QString> CircleConfigReader::scalar(const YAML::Node &node, const QString &what)
{
    if (!node.IsScalar()) {
        error(node, tr("%1 must be a single value").arg(what));
        return std::nullopt;
    }
    return qs(node.Scalar());
}

EnvironmentList CircleConfigReader::environment(const YAML::Node &node, const QString &where)
{
    EnvironmentList result;
    if (!node.IsMap()) {
        error(node, tr("environment of %1 must be a map of NAME: value").arg(where));
        return result;
    }
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    for (auto it = node.begin(); it != node.end(); ++it) {
        const QString name = qs(it->first.Scalar());
        if (!namePattern.match(name).hasMatch()) {
            error(it->first, tr("'%1' is not a valid environment variable name "
                                "(letters, digits and _, not starting with a digit)")
                                 .arg(name));
            continue;
        }
        if (it->second.IsNull()) {
            result.append({name, QString()});
            continue;
        }
        if (const auto value = scalar(it->second, tr("environment variable %1").arg(name)))
            result.append({name, *value});
    }
    return result;
}

std::optional<QString> CircleConfigReader::workingDirectory(const YAML::Node &node)
{
    const auto value = scalar(node, tr("working_directory"));
    if (!value)
        return std::nullopt;
    const QStringList parts = value->split(QLatin1Char('/'));
    if (value->startsWith(QLatin1Char('/')) || parts.contains(QStringLiteral(".."))) {
        error(node, tr("working_directory '%1' leaves the allocation directory: use ~/PATH "
                       "or a relative path without '..'")
                        .arg(*value));
        return std::nullopt;
    }
    return value;
}

void CircleConfigReader::unknownKey(const YAML::Node &key, const QString &where,
                                    const QStringList &expected)
{
    error(key, tr("unknown key '%1' in %2 (expected one of: %3)")
                   .arg(qs(key.Scalar()), where, expected.join(QStringLiteral(", "))));
}

std::optional<StepSpec> CircleConfigReader::runStep(const YAML::Node &node)
{
    StepSpec step;
    step.kind = StepSpec::Kind::Run;
    step.line = line(node);
    if (node.IsScalar()) {
        step.command = qs(node.Scalar());
    } else if (node.IsMap()) {
        bool haveCommand = false;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString key = qs(it->first.Scalar());
            const YAML::Node value = it->second;
            if (key == QLatin1String("name")) {
                if (const auto v = scalar(value, tr("name")))
                    step.name = *v;
            } else if (key == QLatin1String("command")) {
                if (const auto v = scalar(value, tr("command"))) {
                    step.command = *v;
                    haveCommand = true;
                }
            } else if (key == QLatin1String("environment")) {
                step.environment = environment(value, tr("a run step"));
            } else if (key == QLatin1String("working_directory")) {
                if (const auto v = workingDirectory(value))
                    step.workingDirectory = *v;
            } else if (key == QLatin1String("no_output_timeout")) {
                const auto v = scalar(value, tr("no_output_timeout"));
                const auto ms = v ? CircleConfigParser::parseDurationMs(*v) : std::nullopt;
                if (v && !ms)
                    error(value, tr("no_output_timeout '%1' is not a duration (e.g. 10m, "
                                    "30s, 1.5h)")
                                     .arg(*v));
                else if (ms)
                    step.noOutputTimeoutMs = *ms;
            } else if (key == QLatin1String("when")) {
                const auto v = scalar(value, tr("when"));
                if (v == QLatin1String("always"))
                    step.when = StepSpec::When::Always;
                else if (v == QLatin1String("on_fail"))
                    step.when = StepSpec::When::OnFail;
                else if (v == QLatin1String("on_success"))
                    step.when = StepSpec::When::OnSuccess;
                else if (v)
                    error(value, tr("when '%1' is not one of always, on_success, on_fail").arg(*v));
            } else {
                unknownKey(it->first, tr("a run step"), kRunKeys);
            }
        }
        if (!haveCommand) {
            error(node, tr("a run step needs a command"));
            return std::nullopt;
        }
    } else {
        error(node, tr("run must be a command or a map with name and command"));
        return std::nullopt;
    }
    if (step.command.trimmed().isEmpty()) {
        error(node, tr("a run step needs a command"));
        return std::nullopt;
    }
    if (step.name.isEmpty())
        step.name = step.command.trimmed().section(QLatin1Char('\n'), 0, 0).left(80);
    return step;
}

std::optional<StepSpec> CircleConfigReader::step(const YAML::Node &node)
{
    const QStringList known =
        QStringList{QStringLiteral("run"), QStringLiteral("checkout")} + kSkippedSteps;
    // yaml-cpp's Node::operator= rewrites the node it refers to: initialise, never assign.
    const bool single = node.IsMap() && node.size() == 1;
    const YAML::Node kindNode = single ? node.begin()->first : node;
    const YAML::Node body = single ? node.begin()->second : YAML::Node();
    QString kind;
    if (node.IsScalar() || single) {
        kind = qs(kindNode.Scalar());
    } else {
        error(node, tr("a step must be a step name or a map with one step name "
                       "(one of: %1)")
                        .arg(known.join(QStringLiteral(", "))));
        return std::nullopt;
    }
    if (kind == QLatin1String("run")) {
        if (!body.IsDefined() || body.IsNull()) {
            error(node, tr("a run step needs a command"));
            return std::nullopt;
        }
        return runStep(body);
    }
    StepSpec step;
    step.line = line(node);
    step.name = kind;
    if (kind == QLatin1String("checkout")) {
        step.kind = StepSpec::Kind::Checkout;
        step.name = QStringLiteral("Checkout code");
        if (body.IsDefined() && body.IsMap()) {
            for (auto it = body.begin(); it != body.end(); ++it) {
                if (qs(it->first.Scalar()) == QLatin1String("path")) {
                    if (const auto v = workingDirectory(it->second))
                        step.workingDirectory = *v;
                } else {
                    unknownKey(it->first, tr("checkout"), {QStringLiteral("path")});
                }
            }
        }
        return step;
    }
    if (kSkippedSteps.contains(kind)) {
        step.kind = StepSpec::Kind::Skipped;
        return step;
    }
    error(
        kindNode,
        tr("unknown step '%1' (expected one of: %2)").arg(kind, known.join(QStringLiteral(", "))));
    return std::nullopt;
}

void CircleConfigReader::executor(const QString &key, const YAML::Node &value, JobSpec &job)
{
    if (!job.executor.isEmpty()) {
        error(value, tr("job '%1' has two executors (%2 and %3): give one")
                         .arg(job.name, job.executor, key));
        return;
    }
    job.executor = key;
    if (key == QLatin1String("docker")) {
        if (!value.IsSequence() || value.size() == 0 || !value[0].IsMap() ||
            !value[0]["image"].IsScalar()) {
            error(value, tr("docker must be a list of images, e.g. - image: cimg/base:stable"));
            return;
        }
        job.executorImage = qs(value[0]["image"].Scalar());
    } else if (value.IsMap()) {
        if (value["image"].IsScalar())
            job.executorImage = qs(value["image"].Scalar());
    } else if (!value.IsScalar()) {
        error(value, tr("machine must be true or a map with an image"));
    }
}

std::optional<JobSpec> CircleConfigReader::job(const YAML::Node &key, const YAML::Node &node)
{
    JobSpec job;
    job.name = qs(key.Scalar());
    job.line = line(key);
    job.resourceClassLine = job.line;
    job.resourceClassColumn = key.Mark().column + 1;
    if (!node.IsMap()) {
        error(key, tr("job '%1' must be a map with steps").arg(job.name));
        return std::nullopt;
    }
    const int errorsBefore = m_errors.size();
    bool haveSteps = false;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const QString k = qs(it->first.Scalar());
        const YAML::Node value = it->second;
        if (k == QLatin1String("docker") || k == QLatin1String("machine")) {
            executor(k, value, job);
        } else if (k == QLatin1String("resource_class")) {
            job.resourceClassLine = line(value);
            job.resourceClassColumn = value.Mark().column + 1;
            const auto v = scalar(value, tr("resource_class"));
            if (v && !ResourceClass::find(*v))
                error(value, tr("unknown resource class '%1' (valid: %2)")
                                 .arg(*v, ResourceClass::names().join(QStringLiteral(", "))));
            else if (v)
                job.resourceClass = *v;
        } else if (k == QLatin1String("parallelism")) {
            const auto v = scalar(value, tr("parallelism"));
            bool ok = false;
            const int n = v ? v->toInt(&ok) : 0;
            if (v && (!ok || n < 1 || n > CircleConfigParser::kMaxParallelism))
                error(value, tr("parallelism must be a whole number from 1 to %1, not '%2'")
                                 .arg(CircleConfigParser::kMaxParallelism)
                                 .arg(*v));
            else if (v)
                job.parallelism = n;
        } else if (k == QLatin1String("environment")) {
            job.environment = environment(value, tr("job '%1'").arg(job.name));
        } else if (k == QLatin1String("working_directory")) {
            if (const auto v = workingDirectory(value))
                job.workingDirectory = *v;
        } else if (k == QLatin1String("steps")) {
            haveSteps = true;
            if (!value.IsSequence() || value.size() == 0) {
                error(value, tr("steps of job '%1' must be a non-empty list").arg(job.name));
                continue;
            }
            for (const YAML::Node &s : value) {
                if (auto parsed = step(s))
                    job.steps.append(*parsed);
            }
        } else {
            unknownKey(it->first, tr("job '%1'").arg(job.name), kJobKeys);
        }
    }
    if (!haveSteps)
        error(key, tr("job '%1' has no steps").arg(job.name));
    if (m_errors.size() != errorsBefore)
        return std::nullopt;
    return job;
}

void CircleConfigReader::workflow(const YAML::Node &key, const YAML::Node &node,
                                  CircleConfig &config)
{
    WorkflowSpec wf;
    wf.name = qs(key.Scalar());
    wf.line = line(key);
    if (!node.IsMap()) {
        error(key, tr("workflow '%1' must be a map with jobs").arg(wf.name));
        return;
    }
    YAML::Node jobs;
    bool haveJobs = false;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const QString k = qs(it->first.Scalar());
        if (k == QLatin1String("jobs")) {
            jobs = it->second;
            haveJobs = true;
        } else if (k == QLatin1String("triggers"))
            error(it->first, tr("triggers (scheduled workflows) are not supported by the "
                                "local fleet"));
        else
            unknownKey(it->first, tr("workflow '%1'").arg(wf.name), {QStringLiteral("jobs")});
    }
    if (!haveJobs || !jobs.IsSequence() || jobs.size() == 0) {
        error(haveJobs ? jobs : key,
              tr("workflow '%1' needs a non-empty list of jobs").arg(wf.name));
        return;
    }
    QSet<QString> seen;
    for (const YAML::Node &entry : jobs) {
        WorkflowJobSpec wj;
        wj.line = line(entry);
        const bool single = entry.IsMap() && entry.size() == 1;
        const YAML::Node nameNode = single ? entry.begin()->first : entry;
        const YAML::Node options = single ? entry.begin()->second : YAML::Node();
        if (entry.IsScalar() || single) {
            wj.name = qs(nameNode.Scalar());
        } else {
            error(entry, tr("a workflow job must be a job name or a map with one job name"));
            continue;
        }
        if (options.IsDefined() && options.IsMap()) {
            for (auto it = options.begin(); it != options.end(); ++it) {
                const QString k = qs(it->first.Scalar());
                const YAML::Node value = it->second;
                if (k == QLatin1String("requires")) {
                    if (!value.IsSequence()) {
                        error(value, tr("requires must be a list of job names"));
                        continue;
                    }
                    for (const YAML::Node &r : value) {
                        if (const auto v = scalar(r, tr("a required job")))
                            wj.requiredJobs.append(*v);
                    }
                } else if (k == QLatin1String("type")) {
                    const auto v = scalar(value, tr("type"));
                    if (v == QLatin1String("approval"))
                        wj.approval = true;
                    else if (v)
                        error(value, tr("type '%1' is not supported (expected approval)").arg(*v));
                } else if (k == QLatin1String("context") || k == QLatin1String("filters")) {
                    // Accepted for compatibility; the local fleet has no contexts or branches.
                } else {
                    unknownKey(it->first, tr("workflow job '%1'").arg(wj.name), kWorkflowJobKeys);
                }
            }
        } else if (options.IsDefined() && !options.IsNull()) {
            error(options, tr("the options of workflow job '%1' must be a map").arg(wj.name));
        }
        if (seen.contains(wj.name)) {
            error(nameNode, tr("job '%1' appears twice in workflow '%2'").arg(wj.name, wf.name));
            continue;
        }
        if (!wj.approval && !config.job(wj.name)) {
            QStringList defined;
            for (const JobSpec &j : config.jobs)
                defined.append(j.name);
            error(nameNode, tr("workflow '%1' runs job '%2', which is not defined under jobs "
                               "(defined: %3)")
                                .arg(wf.name, wj.name, defined.join(QStringLiteral(", "))));
            continue;
        }
        seen.insert(wj.name);
        wf.jobs.append(wj);
    }
    checkRequires(jobs, wf);
    config.workflows.append(wf);
}

// Every `requires` names a job of the same workflow, and the requirements have no cycle.
void CircleConfigReader::checkRequires(const YAML::Node &jobsNode, const WorkflowSpec &wf)
{
    QHash<QString, int> index;
    for (int i = 0; i < wf.jobs.size(); ++i)
        index.insert(wf.jobs[i].name, i);
    bool missing = false;
    for (const WorkflowJobSpec &wj : wf.jobs) {
        for (const QString &r : wj.requiredJobs) {
            if (!index.contains(r)) {
                missing = true;
                m_errors.append({wj.line, requiresColumn(jobsNode, wj.name),
                                 tr("job '%1' requires '%2', which is not a job of workflow "
                                    "'%3'")
                                     .arg(wj.name, r, wf.name)});
            }
        }
    }
    if (missing)
        return;
    // Depth-first search; a grey node met again closes a cycle.
    enum Colour { White, Grey, Black };
    QList<Colour> colour(wf.jobs.size(), White);
    QList<int> stack;
    std::function<bool(int)> visit = [&](int i) {
        colour[i] = Grey;
        stack.append(i);
        for (const QString &r : wf.jobs[i].requiredJobs) {
            const int j = index.value(r);
            if (colour[j] == Grey) {
                QStringList names;
                for (int k = stack.indexOf(j); k < stack.size(); ++k)
                    names.append(wf.jobs[stack[k]].name);
                names.append(wf.jobs[j].name);
                m_errors.append({wf.jobs[j].line, requiresColumn(jobsNode, wf.jobs[j].name),
                                 tr("workflow '%1' has a cycle: %2")
                                     .arg(wf.name, names.join(QStringLiteral(" requires ")))});
                return true;
            }
            if (colour[j] == White && visit(j))
                return true;
        }
        stack.removeLast();
        colour[i] = Black;
        return false;
    };
    for (int i = 0; i < wf.jobs.size(); ++i) {
        if (colour[i] == White && visit(i))
            return;
    }
}

int CircleConfigReader::requiresColumn(const YAML::Node &jobsNode, const QString &name)
{
    for (const YAML::Node &entry : jobsNode) {
        if (entry.IsMap() && entry.size() == 1 && qs(entry.begin()->first.Scalar()) == name)
            return entry.begin()->first.Mark().column + 1;
        if (entry.IsScalar() && qs(entry.Scalar()) == name)
            return entry.Mark().column + 1;
    }
    return 1;
}

} // namespace gantry
