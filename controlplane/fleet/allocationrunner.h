// Runs one allocation's steps as real processes: /bin/sh in the allocation's own directory, with
// the job's environment only, each step in its own process group that dies with gantryd, output
// appended to stdout.log and stderr.log.
#pragma once

#include "allocation.h"
#include "circleconfig.h"

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>
#include <memory>

namespace gantry {

struct RunSpec final
{
    QString allocationId;
    QString jobId;
    QString jobName; // CIRCLE_JOB
    QString workflowName;
    QString workflowRunId; // CIRCLE_WORKFLOW_ID
    int nodeIndex = 0;     // CIRCLE_NODE_INDEX
    int nodeTotal = 1;     // CIRCLE_NODE_TOTAL
    QString executor;      // "docker", "machine" or empty: only logged
    QString executorImage;
    EnvironmentList environment; // the job's
    QString workingDirectory = QStringLiteral("~/project");
    QList<StepSpec> steps;
    QString allocDir;       // DATA/allocs/<allocation id>; also $HOME of the steps
    QString checkoutDir;    // copied by `checkout`; empty: there is none
    int killGraceMs = 5000; // SIGTERM, then SIGKILL after this long
};

class AllocationRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AllocationRunner)

public:
    explicit AllocationRunner(RunSpec spec, QObject *parent = nullptr);
    ~AllocationRunner() override; // kills a step that still runs, without emitting finished

    // Starts the first step from the event loop; finished() follows exactly once.
    void start();
    // Stops the running step's whole process group (SIGTERM, then SIGKILL after the grace
    // period) and skips the remaining steps; finished(Failed, 128 + signal) follows.
    void cancel(const QString &reason = {});

    bool isRunning() const { return m_started && !m_done; }
    QString stdoutPath() const;
    QString stderrPath() const;
    QString homeDirectory() const { return m_spec.allocDir; }
    QString jobDirectory() const; // the job's working directory, resolved
    // The whole environment a step of this allocation sees (the step's own variables last).
    QProcessEnvironment environment(const StepSpec &step) const;

signals:
    void stepStarted(int index, const QString &name);
    void finished(gantry::ClientStatus clientStatus, int exitCode);

private:
    void runNext();
    void startProcess(const QString &program, const QStringList &arguments,
                      const QString &workingDirectory, const QProcessEnvironment &env);
    void processFinished(int exitCode, QProcess::ExitStatus status);
    void checkOutput();
    void terminateGroup();
    void killGroup(int signal);
    void appendLog(const QString &path, const QString &text) const;
    void header(int step);
    void finish();
    QString resolve(const QString &base, const QString &path) const;

    RunSpec m_spec;
    std::unique_ptr<QProcess> m_process;
    qint64 m_pgid = 0;
    int m_step = -1; // the step running or last run
    bool m_started = false;
    bool m_done = false;
    bool m_failed = false;
    bool m_canceled = false;
    bool m_timedOut = false;
    int m_exitCode = 0;
    QTimer m_outputTimer;
    QTimer m_killTimer;
    QElapsedTimer m_sinceOutput;
    QElapsedTimer m_stepClock;
    qint64 m_outputSize = 0;
};

} // namespace gantry

Q_DECLARE_METATYPE(gantry::ClientStatus)
