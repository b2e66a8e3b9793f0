#include "localfleet.h"

#include <QDir>

#include <algorithm>

namespace gantry {

QString FleetSubmitResult::errorText() const
{
    QStringList lines;
    for (const ConfigError &e : configErrors)
        lines.append(e.toString());
    if (error)
        lines.append(error->message);
    return lines.join(QLatin1Char('\n'));
}

LocalFleet::LocalFleet(QString dataDir, const FleetSpec &spec, QObject *parent)
    : LocalFleet(std::move(dataDir), spec, spec.plan(FleetSpec::newFleetId(), {}), parent)
{}

LocalFleet::LocalFleet(QString dataDir, const FleetSpec &spec, const FleetNodePlan &plan,
                       QObject *parent)
    : QObject(parent)
    , m_dataDir(std::move(dataDir))
    , m_spec(spec)
    , m_fleetId(plan.fleetId)
{
    qRegisterMetaType<gantry::SchedulerChanges>();
    for (const Node &node : plan.nodes)
        m_scheduler.addNode(node);
    m_nextNodeIndex = plan.nextIndex;
    m_settleTimer.setSingleShot(true);
    m_settleTimer.setInterval(0);
    connect(&m_settleTimer, &QTimer::timeout, this, &LocalFleet::settleNow);
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this,
            [this] { settle(m_scheduler.expireDrainDeadlines()); });
}

LocalFleet::~LocalFleet()
{
    // The runners' destructors kill their process groups; no signal reaches us any more.
    for (AllocationRunner *runner : std::as_const(m_runners)) {
        runner->disconnect(this);
        delete runner;
    }
}

QString LocalFleet::allocationDirectory(const QString &allocationId) const
{
    return QDir(m_dataDir).filePath(QStringLiteral("allocs/") + allocationId);
}

QString LocalFleet::logPath(const QString &allocationId, bool stderrLog) const
{
    return QDir(allocationDirectory(allocationId))
        .filePath(stderrLog ? QStringLiteral("stderr.log") : QStringLiteral("stdout.log"));
}

FleetSubmitResult LocalFleet::submitConfig(const QByteArray &yaml, const QString &workflow,
                                           const QString &checkoutDir, int priority)
{
    FleetSubmitResult result;
    CircleConfigParser parser;
    parser.setFitCheck([this](const ResourceClass &rc) { return m_scheduler.neverFitsReason(rc); });
    const CircleConfigParser::Result parsed = parser.parse(yaml);
    if (!parsed.ok()) {
        result.configErrors = parsed.errors;
        return result;
    }
    const auto choice = CircleConfigParser::chooseWorkflow(*parsed.config, workflow);
    if (!choice.workflow) {
        result.error = SchedulerError{SchedulerError::Kind::Invalid, choice.error};
        return result;
    }
    WorkflowSubmission submission;
    submission.workflow = choice.workflow->name;
    submission.priority = priority;
    for (const WorkflowJobSpec &wj : choice.workflow->jobs) {
        JobSubmission js;
        js.name = wj.name;
        js.requiredJobs = wj.requiredJobs;
        js.approval = wj.approval;
        if (const JobSpec *spec = parsed.config->job(wj.name); spec && !wj.approval) {
            js.resourceClass = spec->resourceClass;
            js.parallelism = spec->parallelism;
        }
        submission.jobs.append(js);
    }
    const SchedulerResult submitted = m_scheduler.submit(submission);
    if (!submitted.ok()) {
        result.error = submitted.error;
        return result;
    }
    for (int i = 0; i < submission.jobs.size(); ++i) {
        if (const JobSpec *spec = parsed.config->job(submission.jobs[i].name))
            m_jobRuns.insert(submitted.jobIds[i], {*spec, submission.workflow, checkoutDir});
    }
    result.workflowRunId = submitted.workflowRunId;
    result.jobIds = submitted.jobIds;
    emit this->submitted(
        StoredRun{result.workflowRunId, submission.workflow, checkoutDir, priority, yaml});
    requestSettle();
    return result;
}

QStringList LocalFleet::restore(const QList<StoredRun> &runs, const QList<Job> &jobs,
                                const QList<Allocation> &allocations)
{
    QStringList problems;
    QHash<QString, const StoredRun *> byId;
    for (const StoredRun &run : runs)
        byId.insert(run.id, &run);
    QHash<QString, CircleConfig> parsedRuns;
    CircleConfigParser parser;
    for (const Job &job : jobs) {
        if (job.status == JobStatus::Dead || job.type == QStringLiteral("approval"))
            continue;
        const StoredRun *run = byId.value(job.workflowRunId);
        if (!run) {
            problems
                << tr("job %1: its workflow run %2 is not stored").arg(job.id, job.workflowRunId);
            continue;
        }
        if (!parsedRuns.contains(run->id)) {
            const CircleConfigParser::Result parsed = parser.parse(run->config);
            if (!parsed.ok()) {
                problems << tr("workflow run %1: its stored config.yml no longer parses: %2")
                                .arg(run->id, parsed.errorText());
                continue;
            }
            parsedRuns.insert(run->id, *parsed.config);
        }
        if (const JobSpec *spec = parsedRuns[run->id].job(job.name))
            m_jobRuns.insert(job.id, {*spec, run->workflow, run->checkoutDir});
    }
    const SchedulerResult result = m_scheduler.restore(jobs, allocations);
    if (!result.ok())
        problems << result.error->message;
    requestSettle();
    return problems;
}

SchedulerResult LocalFleet::cancelJob(const QString &jobId)
{
    return settle(m_scheduler.cancelJob(jobId, tr("canceled")));
}

SchedulerResult LocalFleet::approveJob(const QString &jobId)
{
    return settle(m_scheduler.approve(jobId));
}

SchedulerResult LocalFleet::drainNode(const QString &nodeId, qint64 deadlineSeconds)
{
    return settle(m_scheduler.drainNode(nodeId, deadlineSeconds));
}

SchedulerResult LocalFleet::undrainNode(const QString &nodeId, bool markEligible)
{
    return settle(m_scheduler.undrainNode(nodeId, markEligible));
}

SchedulerResult LocalFleet::setEligibility(const QString &nodeId, NodeEligibility eligibility)
{
    return settle(m_scheduler.setEligibility(nodeId, eligibility));
}

std::optional<Node> LocalFleet::addNode(QString *why)
{
    while (m_nextNodeIndex < FleetSpec::kMaxNodes) {
        const Node node = m_spec.node(m_fleetId, m_nextNodeIndex++);
        if (m_scheduler.node(node.id))
            continue;
        settle(m_scheduler.addNode(node));
        return node;
    }
    // A node numbered beyond would not come back at the next start (FleetSpec::plan).
    if (why)
        *why = tr("the local fleet has given out all %1 node numbers (local-1 to local-%1), "
                  "and a removed node keeps its number; expected at most %1 nodes over a "
                  "fleet's life: a new data dir starts a new fleet")
                   .arg(FleetSpec::kMaxNodes);
    return std::nullopt;
}

SchedulerResult LocalFleet::removeNode(const QString &nodeId)
{
    return settle(m_scheduler.removeNode(nodeId));
}

QStringList LocalFleet::forgetJobs(const QStringList &jobIds)
{
    QStringList finished;
    finished.reserve(jobIds.size());
    for (const QString &id : jobIds) {
        const QList<Allocation> allocations = m_scheduler.jobAllocations(id);
        if (std::none_of(allocations.begin(), allocations.end(),
                         [this](const Allocation &a) { return m_runners.contains(a.id); }))
            finished.append(id);
    }
    const QStringList forgotten = m_scheduler.forget(finished);
    for (const QString &id : forgotten)
        m_jobRuns.remove(id);
    if (!forgotten.isEmpty())
        emit jobsForgotten(forgotten);
    return forgotten;
}

void LocalFleet::stopAll()
{
    // Recorded as lost first, as a restart would find them; the runners' own reports then change
    // nothing.
    const QStringList ids = m_runners.keys();
    for (const QString &id : ids)
        m_scheduler.allocationFinished(id, ClientStatus::Lost, std::nullopt,
                                       tr("gantryd stopped while this allocation ran"));
    stopRunners(ids, tr("gantryd is stopping"));
    requestSettle();
}

SchedulerResult LocalFleet::settle(SchedulerResult result)
{
    if (result.ok())
        stopRunners(result.stopAllocations, QString());
    requestSettle();
    return result;
}

void LocalFleet::requestSettle()
{
    if (!m_settleTimer.isActive())
        m_settleTimer.start();
}

void LocalFleet::settleNow()
{
    for (const Placement &placement : m_scheduler.schedule())
        startRunner(placement);
    armDeadlineTimer();
    const SchedulerChanges changes = m_scheduler.takeChanges();
    if (!changes.isEmpty())
        emit changed(changes);
}

void LocalFleet::startRunner(const Placement &placement)
{
    const Job job = *m_scheduler.job(placement.jobId);
    const Allocation alloc = *m_scheduler.allocation(placement.allocationId);
    const JobRun run = m_jobRuns.value(placement.jobId);
    RunSpec spec;
    spec.allocationId = alloc.id;
    spec.jobId = job.id;
    spec.jobName = job.name;
    spec.workflowName = job.workflow;
    spec.workflowRunId = job.workflowRunId;
    spec.nodeIndex = alloc.index;
    spec.nodeTotal = job.parallelism;
    spec.executor = run.spec.executor;
    spec.executorImage = run.spec.executorImage;
    spec.environment = run.spec.environment;
    spec.workingDirectory = run.spec.workingDirectory;
    spec.steps = run.spec.steps;
    spec.allocDir = allocationDirectory(alloc.id);
    spec.checkoutDir = run.checkoutDir;
    spec.killGraceMs = m_killGraceMs;
    auto *runner = new AllocationRunner(spec, this);
    m_runners.insert(alloc.id, runner);
    const QString id = alloc.id;
    connect(runner, &AllocationRunner::finished, this,
            [this, id, runner](ClientStatus status, int exitCode) {
                m_runners.remove(id);
                runner->deleteLater();
                m_scheduler.allocationFinished(id, status, exitCode);
                requestSettle();
            });
    m_scheduler.allocationStarted(alloc.id);
    runner->start();
}

void LocalFleet::stopRunners(const QStringList &allocationIds, const QString &reason)
{
    for (const QString &id : allocationIds) {
        if (AllocationRunner *runner = m_runners.value(id))
            runner->cancel(reason.isEmpty() ? m_scheduler.allocation(id)->clientDescription
                                            : reason);
    }
}

void LocalFleet::armDeadlineTimer()
{
    const auto next = m_scheduler.nextDrainDeadline();
    if (!next) {
        m_deadlineTimer.stop();
        return;
    }
    const qint64 ms = std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(*next));
    m_deadlineTimer.start(int(std::min<qint64>(ms, 24 * 3600 * 1000)));
}

} // namespace gantry
