// The queue diagnosis, case by case as the guide's "Debugging Queuing Builds" goes: no nodes, a
// resource class no node fits, nodes draining or down, every eligible node full (with how many
// nodes to add), room but still waiting, and nothing waiting at all.
#include "fleetfixtures.h"
#include "queuediagnosis.h"

#include <QTest>

using namespace gantry;
using Kind = QueueFinding::Kind;

class TestQueueDiagnosis final : public QObject
{
    Q_OBJECT
    static const QDateTime &now()
    {
        static const QDateTime t = QDateTime::currentDateTimeUtc();
        return t;
    }
    static QList<Kind> kinds(const QList<QueueFinding> &findings)
    {
        QList<Kind> k;
        for (const QueueFinding &f : findings)
            k << f.kind;
        return k;
    }
    static QJsonObject queued(const QString &id, const QString &rc = "medium", int parallelism = 1)
    {
        QJsonObject j = fixtures::job(id, "pending", rc, now().addSecs(-300));
        j["parallelism"] = parallelism;
        return j;
    }

private Q_SLOTS:
    void nothingWaits()
    {
        QJsonObject held = fixtures::job("h", "pending");
        held["on_hold"] = true;
        const auto f = QueueDiagnosis::diagnose({fixtures::node("n")},
                                                {held, fixtures::job("r", "running")}, now());
        QCOMPARE(kinds(f), QList<Kind>{Kind::Healthy});
        QVERIFY2(f[0].text.startsWith("No job is waiting for capacity."), qPrintable(f[0].text));
        QVERIFY(f[0].text.contains("1 job"));
        QVERIFY(f[0].text.contains("approval"));
    }

    void waitingForARequiredJobIsNotQueuing()
    {
        QJsonObject build = fixtures::job("b", "running");
        build["name"] = "build";
        QJsonObject test = queued("t");
        test["workflow_run_id"] = build["workflow_run_id"];
        test["requires"] = QJsonArray{"build"};
        const auto f =
            QueueDiagnosis::diagnose({fixtures::node("n", 6, 12288)}, {build, test}, now());
        QCOMPARE(kinds(f), QList<Kind>{Kind::Healthy});
        QVERIFY(f[0].text.contains("require"));
    }

    void noNodes()
    {
        const auto f = QueueDiagnosis::diagnose({}, {queued("a"), queued("b")}, now());
        QCOMPARE(kinds(f), QList<Kind>{Kind::NoNodes});
        QCOMPARE(f[0].jobIds, (QStringList{"a", "b"}));
    }

    void resourceClassNoNodeFits()
    {
        // Nodes of 8 CPUs / 16 GB keep 2 / 4 GB back: 6 CPUs allocatable, less than xlarge's 8.
        const auto f =
            QueueDiagnosis::diagnose({fixtures::node("n1"), fixtures::node("n2")},
                                     {queued("x", "xlarge"), queued("s", "small")}, now());
        QCOMPARE(kinds(f), (QList<Kind>{Kind::NoFit, Kind::SchedulerLag}));
        QCOMPARE(f[0].jobIds, QStringList{"x"});
        QVERIFY2(f[0].text.contains("resource class xlarge (8 CPUs, 16 GB)"),
                 qPrintable(f[0].text));
        QVERIFY(f[0].text.contains("the largest node offers 6 CPUs and 12 GB"));
    }

    void everyEligibleNodeFull()
    {
        // Three full nodes; five medium jobs (2 CPUs, 4 GB each) wait: three fit on a new node of
        // 6 allocatable CPUs, so two nodes run them all.
        const QList<QJsonObject> nodes{fixtures::node("n1", 6, 12288),
                                       fixtures::node("n2", 6, 8192),
                                       fixtures::node("n3", 5, 12288)};
        QList<QJsonObject> jobs;
        for (int i = 0; i < 5; ++i)
            jobs << queued(QString::number(i));
        const auto f = QueueDiagnosis::diagnose(nodes, jobs, now());
        QCOMPARE(kinds(f), QList<Kind>{Kind::Full});
        QCOMPARE(f[0].nodesToAdd, 2);
        QCOMPARE(f[0].nodeCpu, 8);
        QCOMPARE(f[0].nodeMemoryMb, 16384);
        QCOMPARE(f[0].nodeIds, (QStringList{"n1", "n2", "n3"}));
        QCOMPARE(f[0].jobIds.size(), 5);
        QVERIFY2(f[0].text.startsWith("Every eligible node is full."), qPrintable(f[0].text));
        QVERIFY(f[0].text.contains("wait for 10 CPUs and 20 GB"));
        QVERIFY(f[0].text.contains("of 8 CPUs and 16 GB"));
    }

    void parallelismCountsEverySlice()
    {
        // One job with parallelism 4 of large (4 CPUs): one slice per 6-CPU node, so four nodes.
        const auto f = QueueDiagnosis::diagnose({fixtures::node("n1", 6, 0)},
                                                {queued("p", "large", 4)}, now());
        QCOMPARE(kinds(f), QList<Kind>{Kind::Full});
        QCOMPARE(f[0].nodesToAdd, 4);
    }

    void nodesDrainingOrDown()
    {
        const QList<QJsonObject> nodes{fixtures::node("n1", 6, 12288),
                                       fixtures::node("n2", 0, 0, "ready", true),
                                       fixtures::node("n3", 0, 0, "down")};
        const auto f = QueueDiagnosis::diagnose(nodes, {queued("a")}, now());
        QCOMPARE(kinds(f), (QList<Kind>{Kind::NodesUnavailable, Kind::Full}));
        QCOMPARE(f[0].nodeIds, (QStringList{"n2", "n3"}));
        QVERIFY2(f[0].text.contains("name-n2 is drained"), qPrintable(f[0].text));
        QVERIFY(f[0].text.contains("name-n3 is down"));
        QCOMPARE(f[1].nodesToAdd, 1);

        // When no node at all takes work, the diagnosis says so first.
        const auto none = QueueDiagnosis::diagnose({nodes[1], nodes[2]}, {queued("a")}, now());
        QCOMPARE(kinds(none), (QList<Kind>{Kind::NodesUnavailable, Kind::Full}));
        QVERIFY(none[0].text.startsWith("No node takes new work"));
        QVERIFY(none[1].text.startsWith("No eligible node is left"));
    }

    void roomButWaiting()
    {
        const auto lag = QueueDiagnosis::diagnose({fixtures::node("n1")}, {queued("a")}, now());
        QCOMPARE(kinds(lag), QList<Kind>{Kind::SchedulerLag});
        QVERIFY2(lag[0].text.contains("the oldest for 5 min"), qPrintable(lag[0].text));
        const QJsonObject fresh = fixtures::job("f", "pending", "small", now().addSecs(-3));
        const auto placing = QueueDiagnosis::diagnose({fixtures::node("n1")}, {fresh}, now());
        QCOMPARE(kinds(placing), QList<Kind>{Kind::Healthy});
        QVERIFY(placing[0].text.contains("being placed"));
    }
};

QTEST_GUILESS_MAIN(TestQueueDiagnosis)
#include "tst_queuediagnosis.moc"
