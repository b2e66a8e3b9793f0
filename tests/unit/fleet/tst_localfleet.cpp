#include "localfleet.h"

#include <QtTest>

using namespace gantry;

class TestLocalFleet final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_count = 0;

    QString dataDir() { return m_dir.filePath(QStringLiteral("data%1").arg(++m_count)); }

    static Job jobNamed(const LocalFleet &fleet, const QStringList &ids, const QString &name)
    {
        for (const QString &id : ids) {
            const Job job = *fleet.scheduler().job(id);
            if (job.name == name)
                return job;
        }
        return {};
    }

    static QString readFile(const QString &path)
    {
        QFile file(path);
        file.open(QIODevice::ReadOnly);
        return QString::fromUtf8(file.readAll());
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void workflowWithRequiresParallelismAndFailure()
    {
        LocalFleet fleet(dataDir(), FleetSpec(2, 8, 16384));
        QSignalSpy changes(&fleet, &LocalFleet::changed);
        const QByteArray yaml = R"(version: 2.1
jobs:
  build:
    docker:
      - image: cimg/base:stable
    resource_class: small
    steps:
      - run: echo built
  test:
    resource_class: small
    parallelism: 3
    steps:
      - run:
          name: Slice
          command: |
            echo "slice $CIRCLE_NODE_INDEX of $CIRCLE_NODE_TOTAL"
            test "$CIRCLE_NODE_INDEX" != 1
  deploy:
    steps:
      - run: echo deployed
workflows:
  main:
    jobs:
      - build
      - test:
          requires: [build]
      - deploy:
          requires: [test]
)";
        const FleetSubmitResult r = fleet.submitConfig(yaml);
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.jobIds.size(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(fleet.scheduler().job(r.jobIds[2])->status, JobStatus::Dead,
                                  10000);
        const Job build = *fleet.scheduler().job(r.jobIds[0]);
        const Job test = *fleet.scheduler().job(r.jobIds[1]);
        const Job deploy = *fleet.scheduler().job(r.jobIds[2]);
        QCOMPARE(build.outcome, JobOutcome::Success);
        QCOMPARE(test.outcome, JobOutcome::Failed);
        QCOMPARE(deploy.outcome, JobOutcome::Canceled);
        QCOMPARE(deploy.statusDescription, QStringLiteral("required job 'test' failed"));
        const QList<Allocation> slices = fleet.scheduler().jobAllocations(test.id);
        QCOMPARE(slices.size(), 3);
        for (const Allocation &a : slices) {
            QCOMPARE(a.clientStatus, a.index == 1 ? ClientStatus::Failed : ClientStatus::Complete);
            QVERIFY(readFile(fleet.logPath(a.id, false))
                        .contains(QStringLiteral("slice %1 of 3").arg(a.index)));
        }
        const QString buildLog =
            readFile(fleet.logPath(fleet.scheduler().jobAllocations(build.id)[0].id, false));
        QVERIFY(buildLog.contains(QStringLiteral("host shell")));
        QVERIFY(buildLog.contains(QStringLiteral("built")));
        QVERIFY(!changes.isEmpty());
        QCOMPARE(fleet.runningProcesses(), 0);
    }

    void approvalThenRun()
    {
        LocalFleet fleet(dataDir(), FleetSpec());
        const FleetSubmitResult r = fleet.submitConfig(
            "version: 2\njobs:\n  deploy:\n    steps:\n      - run: echo ok\nworkflows:\n  w:\n"
            "    jobs:\n      - hold:\n          type: approval\n      - deploy:\n"
            "          requires: [hold]\n");
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QTRY_VERIFY(fleet.scheduler().job(r.jobIds[0])->onHold);
        QTest::qWait(100);
        QCOMPARE(fleet.scheduler().job(r.jobIds[1])->status, JobStatus::Pending);
        QVERIFY(fleet.approveJob(r.jobIds[0]).ok());
        QTRY_COMPARE_WITH_TIMEOUT(fleet.scheduler().job(r.jobIds[1])->outcome, JobOutcome::Success,
                                  5000);
    }

    void cancelStopsProcesses()
    {
        LocalFleet fleet(dataDir(), FleetSpec());
        // A lost SIGTERM would leave the step running for this long: it must never come to it.
        fleet.setKillGraceMs(60'000);
        for (int i = 0; i < 20; ++i) {
            const FleetSubmitResult r = fleet.submitConfig(
                "version: 2\njobs:\n  build:\n    steps:\n      - run: sleep 30\n");
            QVERIFY(r.ok());
            QTRY_COMPARE(fleet.runningProcesses(), 1);
            if (i % 2 == 1) // sometimes once the step has had a moment to start
                QTest::qWait(i % 7);
            QVERIFY(fleet.cancelJob(r.jobIds[0]).ok());
            QCOMPARE(fleet.scheduler().job(r.jobIds[0])->outcome, JobOutcome::Canceled);
            QTRY_COMPARE_WITH_TIMEOUT(fleet.runningProcesses(), 0, 2000);
        }
    }

    void drainDeadlineMarksLost()
    {
        LocalFleet fleet(dataDir(), FleetSpec(1, 8, 16384));
        const FleetSubmitResult r =
            fleet.submitConfig("version: 2\njobs:\n  build:\n    steps:\n      - run: sleep 30\n");
        QVERIFY(r.ok());
        QTRY_COMPARE(fleet.runningProcesses(), 1);
        const QString node = fleet.scheduler().nodes()[0].id;
        QVERIFY(fleet.drainNode(node, 1).ok());
        QTRY_COMPARE_WITH_TIMEOUT(fleet.scheduler().job(r.jobIds[0])->outcome, JobOutcome::Lost,
                                  5000);
        QTRY_COMPARE_WITH_TIMEOUT(fleet.runningProcesses(), 0, 5000);
        QCOMPARE(fleet.drainNode(QStringLiteral("nope"), 0).error->kind,
                 SchedulerError::Kind::NotFound);
    }

    void badInput()
    {
        LocalFleet fleet(dataDir(), FleetSpec()); // 6 CPUs allocatable per node
        const FleetSubmitResult big = fleet.submitConfig(
            "version: 2\njobs:\n  build:\n    resource_class: xlarge\n    steps:\n"
            "      - run: true\n");
        QCOMPARE(big.configErrors.size(), 1);
        QCOMPARE(big.configErrors[0].line, 4);
        QVERIFY(big.configErrors[0].message.contains(QStringLiteral("can never run")));
        const FleetSubmitResult which = fleet.submitConfig(
            "version: 2\njobs:\n  a:\n    steps: [checkout]\nworkflows:\n  x:\n    jobs: [a]\n"
            "  y:\n    jobs: [a]\n");
        QVERIFY(which.error);
        QVERIFY(which.error->message.contains(QStringLiteral("x, y")));
        QVERIFY(fleet.scheduler().jobs().isEmpty());
    }

    void nodesAndStableIds()
    {
        const FleetSpec spec(2, 8, 16384);
        const QString fleetId = FleetSpec::newFleetId();
        QStringList first;
        QList<Node> stored; // what FleetStore keeps
        {
            LocalFleet fleet(dataDir(), spec, spec.plan(fleetId, {}));
            for (const Node &n : fleet.scheduler().nodes())
                first.append(n.id);
            const Node added = fleet.addNode().value();
            QCOMPARE(added.name, QStringLiteral("local-3"));
            QCOMPARE(added.id, FleetSpec::nodeId(fleetId, 2));
            QCOMPARE(fleet.scheduler().nodes().size(), 3);
            QVERIFY(!fleet.removeNode(added.id).ok());
            QVERIFY(fleet.drainNode(added.id, 0).ok());
            QVERIFY(fleet.removeNode(added.id).ok());
            QVERIFY(fleet.drainNode(first[1], 0).ok());
            stored = fleet.scheduler().nodes();
        }
        // Another data dir (moved, or restored elsewhere) over the same database: the same nodes.
        LocalFleet again(dataDir(), spec, spec.plan(fleetId, stored));
        QStringList second;
        for (const Node &n : again.scheduler().nodes())
            second.append(n.id);
        QCOMPARE(second, first);
        QVERIFY(again.scheduler().node(first[1])->drain);
        // Even before anything was stored, the fleet id alone gives the same ids.
        LocalFleet fresh(dataDir(), spec, spec.plan(fleetId, {}));
        QCOMPARE(fresh.scheduler().nodes().constFirst().id, first[0]);
        // A fleet without a stored fleet id is a new fleet.
        LocalFleet other(dataDir(), spec);
        QVERIFY(other.scheduler().nodes().constFirst().id != first[0]);
    }

    void nodeNumbersEndAtTheCap()
    {
        // A node numbered past the cap would be dropped at the next start (FleetSpec::plan), so
        // the fleet refuses to add it: the last number is given once, then there are none.
        const FleetSpec spec(2, 8, 16384);
        const QString fleetId = FleetSpec::newFleetId();
        const QList<Node> stored{spec.node(fleetId, FleetSpec::kMaxNodes - 2)};
        LocalFleet fleet(dataDir(), spec, spec.plan(fleetId, stored));
        QCOMPARE(fleet.scheduler().nodes().size(), 3);
        const std::optional<Node> last = fleet.addNode();
        QVERIFY(last);
        QCOMPARE(last->id, FleetSpec::nodeId(fleetId, FleetSpec::kMaxNodes - 1));
        QString why;
        QVERIFY(!fleet.addNode(&why));
        QVERIFY2(why.contains(QStringLiteral("local-10000")) && why.contains(QStringLiteral("expected")),
                 qPrintable(why));
        QCOMPARE(fleet.scheduler().nodes().size(), 4);
    }

    void stopAllMarksLost()
    {
        LocalFleet fleet(dataDir(), FleetSpec());
        const FleetSubmitResult r =
            fleet.submitConfig("version: 2\njobs:\n  build:\n    steps:\n      - run: sleep 30\n");
        QTRY_COMPARE(fleet.runningProcesses(), 1);
        fleet.stopAll();
        QCOMPARE(fleet.scheduler().job(r.jobIds[0])->outcome, JobOutcome::Lost);
        QTRY_COMPARE_WITH_TIMEOUT(fleet.runningProcesses(), 0, 5000);
    }
};

QTEST_GUILESS_MAIN(TestLocalFleet)
#include "tst_localfleet.moc"
