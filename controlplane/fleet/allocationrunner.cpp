#include "allocationrunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace gantry {

namespace {

// Every step runs under this small supervisor, the leader of the step's process group. PDEATHSIG
// reaches only the direct child, so when gantryd dies the supervisor gets SIGUSR2 and takes the
// whole group (grandchildren included) down with it. SIGTERM from a cancel goes to the whole group
// and is left to the step itself; the supervisor ignores it, waits on the step and exits with the
// step's status (128 + signal if killed).
// The step is forked *before* the supervisor touches TERM: a shell resets trapped signals in a
// forked child, and a TERM that reached the child between its fork and that reset was dropped, so
// the step ran on until the SIGKILL after the grace period. Forked first, the step has TERM at its
// default from its first instant; a TERM that reaches the supervisor before `trap '' TERM` ends
// it, and the runner then kills the group.
const QString kSupervisor = QStringLiteral("trap 'kill -KILL 0' USR2\n"
                                           "\"$@\" &\n"
                                           "child=$!\n"
                                           "trap '' TERM\n"
                                           "while :; do\n"
                                           "  wait \"$child\"; status=$?\n"
                                           "  kill -0 \"$child\" 2>/dev/null || exit \"$status\"\n"
                                           "done\n");

QString formatDuration(qint64 ms)
{
    if (ms % 60'000 == 0)
        return QStringLiteral("%1m0s").arg(ms / 60'000);
    if (ms >= 60'000)
        return QStringLiteral("%1m%2s").arg(ms / 60'000).arg((ms % 60'000) / 1000.0);
    return QStringLiteral("%1s").arg(ms / 1000.0);
}

qint64 fileSize(const QString &path)
{
    return QFileInfo(path).size();
}

} // namespace

AllocationRunner::AllocationRunner(RunSpec spec, QObject *parent)
    : QObject(parent)
    , m_spec(std::move(spec))
{
    qRegisterMetaType<gantry::ClientStatus>();
    m_outputTimer.setSingleShot(false);
    connect(&m_outputTimer, &QTimer::timeout, this, &AllocationRunner::checkOutput);
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] { killGroup(SIGKILL); });
}

AllocationRunner::~AllocationRunner()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        killGroup(SIGKILL);
        m_process->waitForFinished(2000);
    }
}

QString AllocationRunner::stdoutPath() const
{
    return QDir(m_spec.allocDir).filePath(QStringLiteral("stdout.log"));
}

QString AllocationRunner::stderrPath() const
{
    return QDir(m_spec.allocDir).filePath(QStringLiteral("stderr.log"));
}

QString AllocationRunner::resolve(const QString &base, const QString &path) const
{
    if (path.isEmpty())
        return base;
    if (path == QLatin1String("~"))
        return m_spec.allocDir;
    if (path.startsWith(QLatin1String("~/")))
        return QDir::cleanPath(QDir(m_spec.allocDir).filePath(path.mid(2)));
    return QDir::cleanPath(QDir(base).filePath(path));
}

QString AllocationRunner::jobDirectory() const
{
    return resolve(m_spec.allocDir, m_spec.workingDirectory);
}

QProcessEnvironment AllocationRunner::environment(const StepSpec &step) const
{
    // Nothing of gantryd's own environment leaks in: only what CircleCI would set, then the
    // job's variables, then the step's.
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"),
               QStringLiteral("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    env.insert(QStringLiteral("HOME"), m_spec.allocDir);
    env.insert(QStringLiteral("SHELL"), QStringLiteral("/bin/sh"));
    env.insert(QStringLiteral("CI"), QStringLiteral("true"));
    env.insert(QStringLiteral("CIRCLECI"), QStringLiteral("true"));
    env.insert(QStringLiteral("CIRCLE_JOB"), m_spec.jobName);
    env.insert(QStringLiteral("CIRCLE_NODE_INDEX"), QString::number(m_spec.nodeIndex));
    env.insert(QStringLiteral("CIRCLE_NODE_TOTAL"), QString::number(m_spec.nodeTotal));
    env.insert(QStringLiteral("CIRCLE_WORKFLOW_ID"), m_spec.workflowRunId);
    env.insert(QStringLiteral("CIRCLE_WORKFLOW_JOB_ID"), m_spec.jobId);
    env.insert(QStringLiteral("CIRCLE_WORKFLOW_NAME"), m_spec.workflowName);
    env.insert(QStringLiteral("CIRCLE_WORKING_DIRECTORY"), jobDirectory());
    env.insert(QStringLiteral("GANTRY_ALLOCATION_ID"), m_spec.allocationId);
    for (const auto &[name, value] : m_spec.environment)
        env.insert(name, value);
    for (const auto &[name, value] : step.environment)
        env.insert(name, value);
    return env;
}

void AllocationRunner::appendLog(const QString &path, const QString &text) const
{
    QFile file(path);
    if (file.open(QIODevice::Append | QIODevice::WriteOnly))
        file.write(text.toUtf8());
}

void AllocationRunner::header(int step)
{
    const QString line = QStringLiteral("==> [%1/%2] %3\n")
                             .arg(step + 1)
                             .arg(m_spec.steps.size())
                             .arg(m_spec.steps[step].name);
    appendLog(stdoutPath(), line);
    appendLog(stderrPath(), line);
}

void AllocationRunner::start()
{
    if (m_started)
        return;
    m_started = true;
    QDir().mkpath(m_spec.allocDir);
    QDir().mkpath(jobDirectory());
    appendLog(stdoutPath(), QString());
    appendLog(stderrPath(), QString());
    if (!m_spec.executor.isEmpty())
        appendLog(
            stdoutPath(),
            tr("The local fleet runs the steps in the host shell: the %1 executor%2 is not "
               "used.\n")
                .arg(m_spec.executor, m_spec.executorImage.isEmpty()
                                          ? QString()
                                          : QStringLiteral(" (%1)").arg(m_spec.executorImage)));
    QTimer::singleShot(0, this, &AllocationRunner::runNext);
}

void AllocationRunner::runNext()
{
    while (++m_step < m_spec.steps.size()) {
        if (m_canceled)
            break;
        const StepSpec &step = m_spec.steps[m_step];
        const bool runs = step.when == StepSpec::When::Always ||
                          (step.when == StepSpec::When::OnSuccess && !m_failed) ||
                          (step.when == StepSpec::When::OnFail && m_failed);
        if (!runs)
            continue;
        header(m_step);
        emit stepStarted(m_step, step.name);
        if (m_canceled) // by a receiver of stepStarted
            break;
        if (step.kind == StepSpec::Kind::Skipped) {
            appendLog(stdoutPath(), tr("Skipped: the local fleet has no caches, workspaces, "
                                       "artifacts or test results (%1).\n")
                                        .arg(step.name));
            continue;
        }
        const QString dir = resolve(jobDirectory(), step.workingDirectory);
        if (step.kind == StepSpec::Kind::Checkout) {
            if (m_spec.checkoutDir.isEmpty()) {
                appendLog(stdoutPath(), tr("No checkout directory was given (job run "
                                           "--checkout-dir DIR): the working directory starts "
                                           "empty.\n"));
                continue;
            }
            QDir().mkpath(dir);
            appendLog(stdoutPath(), tr("Copying %1 to %2\n").arg(m_spec.checkoutDir, dir));
            startProcess(QStringLiteral("/bin/cp"),
                         {QStringLiteral("-a"),
                          QDir(m_spec.checkoutDir).absolutePath() + QStringLiteral("/."), dir},
                         dir, environment(step));
            return;
        }
        QDir().mkpath(dir);
        startProcess(QStringLiteral("/bin/sh"),
                     {QStringLiteral("-e"), QStringLiteral("-c"), step.command}, dir,
                     environment(step));
        return;
    }
    finish();
}

void AllocationRunner::startProcess(const QString &program, const QStringList &arguments,
                                    const QString &workingDirectory, const QProcessEnvironment &env)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(QStringLiteral("/bin/sh"));
    m_process->setArguments(
        QStringList{QStringLiteral("-c"), kSupervisor, QStringLiteral("gantry-step"), program} +
        arguments);
    m_process->setWorkingDirectory(workingDirectory);
    m_process->setProcessEnvironment(env);
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(stdoutPath(), QIODevice::Append);
    m_process->setStandardErrorFile(stderrPath(), QIODevice::Append);
    const pid_t parent = ::getpid();
    m_process->setChildProcessModifier([parent] {
        // Its own session and process group, so that stopping it reaches every descendant; and
        // the supervisor ends the group when gantryd dies, even of SIGKILL.
        ::setsid();
        ::prctl(PR_SET_PDEATHSIG, SIGUSR2);
        if (::getppid() != parent)
            ::_exit(127);
    });
    connect(m_process.get(), &QProcess::finished, this, &AllocationRunner::processFinished);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            appendLog(stderrPath(),
                      tr("Could not start the step: %1\n").arg(m_process->errorString()));
            processFinished(127, QProcess::NormalExit);
        }
    });
    m_timedOut = false;
    m_stepClock.start();
    m_sinceOutput.start();
    m_outputSize = fileSize(stdoutPath()) + fileSize(stderrPath());
    const qint64 timeout = m_spec.steps[m_step].noOutputTimeoutMs;
    m_outputTimer.start(int(std::clamp<qint64>(timeout / 4, 20, 1000)));
    m_process->start();
    m_pgid = m_process->processId();
}

void AllocationRunner::checkOutput()
{
    if (!m_process || m_process->state() == QProcess::NotRunning || m_timedOut)
        return;
    const qint64 size = fileSize(stdoutPath()) + fileSize(stderrPath());
    if (size != m_outputSize) {
        m_outputSize = size;
        m_sinceOutput.start();
        return;
    }
    const qint64 timeout = m_spec.steps[m_step].noOutputTimeoutMs;
    if (m_sinceOutput.elapsed() < timeout)
        return;
    m_timedOut = true;
    appendLog(stderrPath(), tr("Too long with no output (exceeded %1): context deadline "
                               "exceeded\n")
                                .arg(formatDuration(timeout)));
    terminateGroup();
}

void AllocationRunner::killGroup(int signal)
{
    if (m_pgid <= 0)
        return;
    // Right after start the child may not have called setsid yet: then there is no group to
    // signal, but the child itself still takes the signal (before its traps exist).
    if (::kill(-pid_t(m_pgid), signal) != 0 && errno == ESRCH)
        ::kill(pid_t(m_pgid), signal);
}

void AllocationRunner::terminateGroup()
{
    killGroup(SIGTERM);
    m_killTimer.start(m_spec.killGraceMs);
}

void AllocationRunner::processFinished(int exitCode, QProcess::ExitStatus status)
{
    if (!m_process)
        return;
    m_outputTimer.stop();
    m_killTimer.stop();
    // The step is over: what it left behind in its group (background jobs) goes with it.
    killGroup(SIGKILL);
    m_pgid = 0;
    const int code = status == QProcess::CrashExit ? 128 + exitCode : exitCode;
    m_process->disconnect(this);
    m_process.release()->deleteLater();
    appendLog(stdoutPath(), tr("<== [%1/%2] exit code %3 after %4 s\n")
                                .arg(m_step + 1)
                                .arg(m_spec.steps.size())
                                .arg(code)
                                .arg(m_stepClock.elapsed() / 1000.0, 0, 'f', 1));
    if (code != 0 || m_timedOut) {
        if (!m_failed)
            m_exitCode = code != 0 ? code : 1;
        m_failed = true;
    }
    runNext();
}

void AllocationRunner::cancel(const QString &reason)
{
    if (m_done || m_canceled)
        return;
    m_canceled = true;
    appendLog(stderrPath(),
              reason.isEmpty() ? tr("Canceled.\n") : tr("Canceled: %1\n").arg(reason));
    if (m_process && m_process->state() != QProcess::NotRunning) {
        terminateGroup();
        return;
    }
    if (!m_failed) {
        m_failed = true;
        m_exitCode = 128 + SIGTERM;
    }
    if (m_started)
        QTimer::singleShot(0, this, &AllocationRunner::finish);
}

void AllocationRunner::finish()
{
    if (m_done)
        return;
    m_done = true;
    if (m_canceled && !m_failed) {
        m_failed = true;
        m_exitCode = 128 + SIGTERM;
    }
    emit finished(m_failed ? ClientStatus::Failed : ClientStatus::Complete,
                  m_failed ? m_exitCode : 0);
}

} // namespace gantry
