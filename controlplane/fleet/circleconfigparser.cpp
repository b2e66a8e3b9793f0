#include "circleconfigparser.h"

#include "circleconfigreader.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <yaml-cpp/yaml.h>

namespace gantry {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

const QStringList kTopKeys{QStringLiteral("version"), QStringLiteral("jobs"),
                           QStringLiteral("workflows")};

} // namespace

QString CircleConfigParser::Result::errorText() const
{
    QStringList lines;
    for (const ConfigError &e : errors)
        lines.append(e.toString());
    return lines.join(QLatin1Char('\n'));
}

std::optional<qint64> CircleConfigParser::parseDurationMs(const QString &text)
{
    const QString t = text.trimmed();
    bool plain = false;
    const double seconds = t.toDouble(&plain);
    if (plain)
        return seconds > 0 ? std::optional<qint64>(qint64(seconds * 1000)) : std::nullopt;
    static const QRegularExpression whole(QStringLiteral("^(\\d+(\\.\\d+)?(ms|s|m|h))+$"));
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|s|m|h)"));
    if (!whole.match(t).hasMatch())
        return std::nullopt;
    double ms = 0;
    for (auto it = part.globalMatch(t); it.hasNext();) {
        const auto m = it.next();
        const double n = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        ms += n * (unit == QLatin1String("ms")  ? 1
                   : unit == QLatin1String("s") ? 1000
                   : unit == QLatin1String("m") ? 60'000
                                                : 3'600'000);
    }
    if (ms <= 0)
        return std::nullopt;
    return qint64(ms);
}

CircleConfigParser::Result CircleConfigParser::parse(const QByteArray &yaml) const
{
    // yaml-cpp throws when a node is used as what it is not (found by fuzzing, e.g. a docker
    // entry without an image): whatever the readers missed becomes an error, never a crash.
    try {
        return parseUnchecked(yaml);
    } catch (const YAML::Exception &e) {
        Result result;
        result.errors.append(
            {e.mark.line + 1, e.mark.column + 1, tr("unexpected structure: %1").arg(qs(e.msg))});
        return result;
    }
}

CircleConfigParser::Result CircleConfigParser::parseUnchecked(const QByteArray &yaml) const
{
    Result result;
    CircleConfigReader reader;
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception &e) {
        result.errors.append(
            {e.mark.line + 1, e.mark.column + 1, tr("YAML syntax: %1").arg(qs(e.msg))});
        return result;
    }
    if (!root.IsMap()) {
        result.errors.append(
            {1, 1, tr("config.yml must be a map with version, jobs and workflows")});
        return result;
    }

    CircleConfig config;
    YAML::Node jobsNode;
    YAML::Node workflowsNode;
    bool haveVersion = false;
    bool haveJobs = false;
    bool haveWorkflows = false;
    for (auto it = root.begin(); it != root.end(); ++it) {
        const QString key = qs(it->first.Scalar());
        if (key == QLatin1String("version")) {
            haveVersion = true;
            const auto v = reader.scalar(it->second, tr("version"));
            if (v && *v != QLatin1String("2") && *v != QLatin1String("2.0") &&
                *v != QLatin1String("2.1"))
                reader.error(it->second, tr("version '%1' is not supported (expected 2, 2.0 or "
                                            "2.1)")
                                             .arg(*v));
            else if (v)
                config.version = *v;
        } else if (key == QLatin1String("jobs")) {
            jobsNode = it->second;
            haveJobs = true;
        } else if (key == QLatin1String("workflows")) {
            workflowsNode = it->second;
            haveWorkflows = true;
        } else if (key == QLatin1String("orbs")) {
            reader.error(it->first, tr("orbs are not supported by the local fleet: write the "
                                       "steps out as run steps"));
        } else {
            reader.unknownKey(it->first, tr("config.yml"), kTopKeys);
        }
    }
    if (!haveVersion)
        reader.errors().append({1, 1, tr("missing 'version' (expected 2, 2.0 or 2.1)")});

    if (!haveJobs || !jobsNode.IsMap() || jobsNode.size() == 0) {
        if (haveJobs)
            reader.error(jobsNode, tr("jobs must be a map of job name to job"));
        else
            reader.errors().append({1, 1, tr("missing 'jobs'")});
    } else {
        for (auto it = jobsNode.begin(); it != jobsNode.end(); ++it) {
            if (auto job = reader.job(it->first, it->second))
                config.jobs.append(*job);
        }
    }

    // With a job that failed to parse, workflow checks would only repeat "not defined".
    const bool jobsOk = reader.errors().isEmpty();
    if (haveWorkflows && jobsOk) {
        if (!workflowsNode.IsMap()) {
            reader.error(workflowsNode, tr("workflows must be a map of workflow name to workflow"));
        } else {
            for (auto it = workflowsNode.begin(); it != workflowsNode.end(); ++it) {
                if (qs(it->first.Scalar()) == QLatin1String("version"))
                    continue;
                reader.workflow(it->first, it->second, config);
            }
            if (config.workflows.isEmpty() && reader.errors().isEmpty())
                reader.error(workflowsNode, tr("workflows names no workflow"));
        }
    } else if (jobsOk) {
        if (config.job(QStringLiteral("build"))) {
            WorkflowSpec wf{QStringLiteral("default"), {}, 0};
            wf.jobs.append(WorkflowJobSpec{QStringLiteral("build"), {}, false, 0});
            config.workflows.append(wf);
        } else {
            reader.errors().append(
                {1, 1, tr("without 'workflows', config.yml needs a job named 'build'")});
        }
    }

    if (m_fitCheck && reader.errors().isEmpty()) {
        QSet<QString> used;
        for (const WorkflowSpec &wf : config.workflows) {
            for (const WorkflowJobSpec &wj : wf.jobs) {
                if (!wj.approval)
                    used.insert(wj.name);
            }
        }
        for (const JobSpec &job : config.jobs) {
            if (!used.contains(job.name))
                continue;
            if (const auto reason = m_fitCheck(*ResourceClass::find(job.resourceClass)))
                reader.errors().append({job.resourceClassLine, job.resourceClassColumn,
                                        tr("job '%1' can never run: %2").arg(job.name, *reason)});
        }
    }

    std::stable_sort(reader.errors().begin(), reader.errors().end(),
                     [](const ConfigError &a, const ConfigError &b) {
                         return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                     });
    result.errors = reader.errors();
    if (result.errors.isEmpty())
        result.config = config;
    return result;
}

CircleConfigParser::WorkflowChoice CircleConfigParser::chooseWorkflow(const CircleConfig &config,
                                                                      const QString &name)
{
    QStringList names;
    for (const WorkflowSpec &wf : config.workflows)
        names.append(wf.name);
    if (!name.isEmpty()) {
        if (const WorkflowSpec *wf = config.workflow(name))
            return {wf, {}};
        return {nullptr, tr("no workflow named '%1' (the config has: %2)")
                             .arg(name, names.join(QStringLiteral(", ")))};
    }
    if (config.workflows.size() == 1)
        return {&config.workflows.first(), {}};
    return {nullptr, tr("the config has %1 workflows (%2): name the one to run")
                         .arg(config.workflows.size())
                         .arg(names.join(QStringLiteral(", ")))};
}

} // namespace gantry
