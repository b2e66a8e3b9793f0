#include "allocationrunner.h"

#include <QtTest>
#include <csignal>
#include <signal.h>

using namespace gantry;

namespace {

StepSpec run(const QString &command, qint64 noOutputTimeoutMs = 600'000)
{
    StepSpec step;
    step.kind = StepSpec::Kind::Run;
    step.name = command.section(QLatin1Char('\n'), 0, 0);
    step.command = command;
    step.noOutputTimeoutMs = noOutputTimeoutMs;
    return step;
}

QString readFile(const QString &path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return QString::fromUtf8(file.readAll());
}

// Gone, or a zombie nobody reaped yet (PID 1 in a container may not reap).
bool alive(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const int paren = text.lastIndexOf(')');
    return paren < 0 || text.mid(paren + 2, 1) != "Z";
}

} // namespace

class TestAllocationRunner final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_count = 0;

    RunSpec spec(const QList<StepSpec> &steps)
    {
        RunSpec s;
        s.allocationId = QStringLiteral("alloc-%1").arg(++m_count);
        s.jobId = QStringLiteral("job-id");
        s.jobName = QStringLiteral("build");
        s.workflowName = QStringLiteral("main");
        s.workflowRunId = QStringLiteral("run-1");
        s.steps = steps;
        s.allocDir = m_dir.filePath(QStringLiteral("allocs/") + s.allocationId);
        return s;
    }

    struct Outcome
    {
        ClientStatus status = ClientStatus::Pending;
        int exitCode = -1;
    };

    static Outcome runToEnd(AllocationRunner &runner, int timeoutMs = 10'000)
    {
        QSignalSpy spy(&runner, &AllocationRunner::finished);
        runner.start();
        if (!spy.wait(timeoutMs))
            return {};
        return {spy[0][0].value<ClientStatus>(), spy[0][1].toInt()};
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void success()
    {
        AllocationRunner runner(
            spec({run(QStringLiteral("echo hello; echo oops >&2")), run(QStringLiteral("pwd"))}));
        const Outcome o = runToEnd(runner);
        QCOMPARE(o.status, ClientStatus::Complete);
        QCOMPARE(o.exitCode, 0);
        const QString out = readFile(runner.stdoutPath());
        QVERIFY2(out.contains(QStringLiteral("==> [1/2] echo hello")), qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("\nhello\n")));
        QVERIFY(out.contains(QStringLiteral("==> [2/2] pwd")));
        QVERIFY(out.contains(runner.homeDirectory() + QStringLiteral("/project\n")));
        QVERIFY(out.contains(QStringLiteral("<== [2/2] exit code 0")));
        const QString err = readFile(runner.stderrPath());
        QVERIFY(err.contains(QStringLiteral("==> [1/2] echo hello")));
        QVERIFY(err.contains(QStringLiteral("oops\n")));
        QVERIFY(!runner.isRunning());
    }

    void failingStepStops()
    {
        StepSpec always = run(QStringLiteral("echo cleanup"));
        always.when = StepSpec::When::Always;
        StepSpec onFail = run(QStringLiteral("echo on-fail"));
        onFail.when = StepSpec::When::OnFail;
        AllocationRunner runner(
            spec({run(QStringLiteral("echo first")), run(QStringLiteral("false\necho not-reached")),
                  run(QStringLiteral("echo never")), always, onFail}));
        const Outcome o = runToEnd(runner);
        QCOMPARE(o.status, ClientStatus::Failed);
        QCOMPARE(o.exitCode, 1);
        const QString out = readFile(runner.stdoutPath());
        QVERIFY(out.contains(QStringLiteral("first")));
        QVERIFY(!out.contains(QStringLiteral("not-reached")));
        QVERIFY(!out.contains(QStringLiteral("never")));
        QVERIFY(out.contains(QStringLiteral("cleanup")));
        QVERIFY(out.contains(QStringLiteral("on-fail")));

        AllocationRunner code(spec({run(QStringLiteral("exit 7"))}));
        QCOMPARE(runToEnd(code).exitCode, 7);
    }

    void environmentOnly()
    {
        qputenv("GANTRY_TEST_LEAK", "must-not-leak");
        StepSpec step = run(QStringLiteral("env | sort"));
        step.environment = {{QStringLiteral("STEP_VAR"), QStringLiteral("s")},
                            {QStringLiteral("JOB_VAR"), QStringLiteral("step-wins")}};
        RunSpec s = spec({step});
        s.nodeIndex = 2;
        s.nodeTotal = 3;
        s.environment = {{QStringLiteral("JOB_VAR"), QStringLiteral("j")},
                         {QStringLiteral("OTHER"), QStringLiteral("o")}};
        AllocationRunner runner(s);
        QCOMPARE(runToEnd(runner).status, ClientStatus::Complete);
        const QString out = readFile(runner.stdoutPath());
        for (const char *expected :
             {"CIRCLE_NODE_INDEX=2\n", "CIRCLE_NODE_TOTAL=3\n", "CIRCLE_JOB=build\n",
              "CIRCLE_WORKFLOW_ID=run-1\n", "CIRCLECI=true\n", "CI=true\n", "STEP_VAR=s\n",
              "JOB_VAR=step-wins\n", "OTHER=o\n"})
            QVERIFY2(out.contains(QLatin1String(expected)), expected);
        QVERIFY(out.contains(QStringLiteral("HOME=") + runner.homeDirectory() + QLatin1Char('\n')));
        QVERIFY(!out.contains(QStringLiteral("GANTRY_TEST_LEAK")));
        qunsetenv("GANTRY_TEST_LEAK");
    }

    void cancelKillsProcessGroup()
    {
        AllocationRunner runner(spec(
            {run(QStringLiteral("sleep 300 & echo $! > grandchild.pid; echo started; wait"))}));
        QSignalSpy spy(&runner, &AllocationRunner::finished);
        runner.start();
        const QString pidFile = runner.jobDirectory() + QStringLiteral("/grandchild.pid");
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pidFile) && readFile(pidFile).endsWith('\n'), 5000);
        const qint64 pid = readFile(pidFile).trimmed().toLongLong();
        QVERIFY(alive(pid));
        QVERIFY(runner.isRunning());
        runner.cancel(QStringLiteral("canceled by test"));
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy[0][0].value<ClientStatus>(), ClientStatus::Failed);
        QCOMPARE(spy[0][1].toInt(), 128 + SIGTERM);
        QTRY_VERIFY_WITH_TIMEOUT(!alive(pid), 3000);
        QVERIFY(
            readFile(runner.stderrPath()).contains(QStringLiteral("Canceled: canceled by test")));
    }

    // A cancel at any moment of a step's start (before its process exists, while it forks, as
    // the supervisor forks the step, once the step runs) ends the group by SIGTERM, never only by
    // the SIGKILL after the grace period (here 60 s, so a lost TERM cannot pass). The window
    // the supervisor fix closes is narrow: this loop did not hit it on a 2-core machine with
    // the old supervisor either, so it guards against regressions rather than proving the fix.
    void cancelEndsGroupAtAnyMoment()
    {
        for (int i = 0; i < 20; ++i) {
            RunSpec s = spec({run(QStringLiteral("echo $$ > step.pid; exec sleep 30"))});
            s.killGraceMs = 60'000;
            AllocationRunner runner(s);
            QSignalSpy finished(&runner, &AllocationRunner::finished);
            const int moment = i % 5;
            if (moment == 1) // as the step's process is being started
                connect(
                    &runner, &AllocationRunner::stepStarted, &runner,
                    [&runner] { runner.cancel(); }, Qt::QueuedConnection);
            runner.start();
            if (moment == 0)
                runner.cancel();  // before the step exists
            else if (moment >= 2) // a few milliseconds in: the supervisor forks the step
                QTimer::singleShot((moment - 2) * 2 + i / 5, &runner,
                                   [&runner] { runner.cancel(); });
            QVERIFY2(finished.wait(2000), qPrintable(QStringLiteral("iteration %1").arg(i)));
            QCOMPARE(finished[0][0].value<ClientStatus>(), ClientStatus::Failed);
            QCOMPARE(finished[0][1].toInt(), 128 + SIGTERM);
            const QString pidFile = runner.jobDirectory() + QStringLiteral("/step.pid");
            if (QFile::exists(pidFile) && readFile(pidFile).endsWith('\n')) {
                const qint64 pid = readFile(pidFile).trimmed().toLongLong();
                QTRY_VERIFY_WITH_TIMEOUT(!alive(pid), 2000);
            }
        }
    }

    void groupDiesWithGantryd()
    {
        const QString dir = m_dir.filePath(QStringLiteral("helper"));
        QProcess helper;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GANTRY_RUNNER_HELPER"), dir);
        helper.setProcessEnvironment(env);
        helper.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(helper.waitForStarted());
        const QString pidFile = dir + QStringLiteral("/project/grandchild.pid");
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pidFile) && readFile(pidFile).endsWith('\n'), 5000);
        const qint64 pid = readFile(pidFile).trimmed().toLongLong();
        QVERIFY(alive(pid));
        ::kill(pid_t(helper.processId()), SIGKILL);
        QVERIFY(helper.waitForFinished(5000));
        QTRY_VERIFY_WITH_TIMEOUT(!alive(pid), 5000);
    }

    void cancelEscalatesToKill()
    {
        RunSpec s =
            spec({run(QStringLiteral("trap '' TERM; echo ready; while true; do sleep 0.1; done")),
                  run(QStringLiteral("echo never"))});
        s.killGraceMs = 300;
        AllocationRunner runner(s);
        QSignalSpy spy(&runner, &AllocationRunner::finished);
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            readFile(runner.stdoutPath()).contains(QStringLiteral("\nready\n")), 5000);
        runner.cancel();
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy[0][1].toInt(), 128 + SIGKILL);
        QVERIFY(!readFile(runner.stdoutPath()).contains(QStringLiteral("\nnever")));
    }

    void noOutputTimeout()
    {
        AllocationRunner runner(spec({run(QStringLiteral("echo start; sleep 30"), 400)}));
        QElapsedTimer clock;
        clock.start();
        const Outcome o = runToEnd(runner);
        QCOMPARE(o.status, ClientStatus::Failed);
        QVERIFY(clock.elapsed() < 5000);
        QVERIFY(readFile(runner.stderrPath()).contains(QStringLiteral("Too long with no output")));

        // Output keeps it alive past the timeout.
        AllocationRunner chatty(spec(
            {run(QStringLiteral("for i in 1 2 3 4 5 6; do echo tick; sleep 0.15; done"), 500)}));
        QCOMPARE(runToEnd(chatty).status, ClientStatus::Complete);
    }

    void checkoutAndSkippedSteps()
    {
        QTemporaryDir source;
        QFile file(source.filePath(QStringLiteral("README")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("checked out\n");
        file.close();
        StepSpec checkout;
        checkout.kind = StepSpec::Kind::Checkout;
        checkout.name = QStringLiteral("Checkout code");
        StepSpec cache;
        cache.kind = StepSpec::Kind::Skipped;
        cache.name = QStringLiteral("save_cache");
        RunSpec s = spec({checkout, run(QStringLiteral("cat README")), cache});
        s.checkoutDir = source.path();
        s.executor = QStringLiteral("docker");
        s.executorImage = QStringLiteral("cimg/base:stable");
        AllocationRunner runner(s);
        QCOMPARE(runToEnd(runner).status, ClientStatus::Complete);
        const QString out = readFile(runner.stdoutPath());
        QVERIFY2(out.contains(QStringLiteral("checked out\n")), qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("runs the steps in the host shell: the docker executor "
                                            "(cimg/base:stable)")));
        QVERIFY(out.contains(QStringLiteral("Skipped: ")));

        AllocationRunner none(spec({checkout}));
        QCOMPARE(runToEnd(none).status, ClientStatus::Complete);
        QVERIFY(readFile(none.stdoutPath()).contains(QStringLiteral("No checkout directory")));
    }
};

// With GANTRY_RUNNER_HELPER=DIR this binary plays gantryd: it runs one allocation whose step
// leaves a grandchild and writes its pid, and waits to be killed.
static int runHelper(const QString &dir)
{
    RunSpec s;
    s.allocationId = QStringLiteral("helper");
    s.allocDir = dir;
    s.steps = {run(QStringLiteral("sleep 300 & echo $! > grandchild.pid; wait"))};
    AllocationRunner runner(s);
    runner.start();
    return QCoreApplication::exec();
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("GANTRY_RUNNER_HELPER"))
        return runHelper(qEnvironmentVariable("GANTRY_RUNNER_HELPER"));
    TestAllocationRunner test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_allocationrunner.moc"
