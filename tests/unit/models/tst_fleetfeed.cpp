// The feed's bookkeeping without a server: lists applied as diffs (no reset, selection kept),
// events applied in batches, allocations giving jobs their node names, removals, and the state
// words before any connection.
#include "event.h"
#include "fleetfeed.h"
#include "fleetfixtures.h"
#include "jobsmodel.h"
#include "nodesmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "controlplaneclient.h"

using namespace gantry;

class TestFleetFeed final : public QObject
{
    Q_OBJECT
    static Event event(qint64 index, const QString &topic, const QJsonObject &payload,
                       const QString &type = QStringLiteral("updated"))
    {
        Event e;
        e.index = index;
        e.topic = topic;
        e.type = type;
        e.payload = payload;
        return e;
    }

private Q_SLOTS:
    void listsAreDiffedNeverReset()
    {
        ControlPlaneClient client;
        FleetFeed feed(&client);
        QAbstractItemModelTester nodesTester(
            feed.nodes(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester jobsTester(feed.jobs(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(feed.freshnessText(), "no data yet");
        feed.applyLists({fixtures::node("n1"), fixtures::node("n2")},
                        {fixtures::job("j1", "running"), fixtures::job("j2", "pending")});
        feed.nodes()->flush();
        feed.jobs()->flush();
        QCOMPARE(feed.nodes()->rowCount(), 2);
        QCOMPARE(feed.jobs()->rowCount(), 2);
        QVERIFY(feed.lastUpdated().isValid());
        const QPersistentModelIndex selected = feed.nodes()->index(feed.nodes()->rowOf("n2"), 0);
        QSignalSpy nodesReset(feed.nodes(), &QAbstractItemModel::modelReset);
        QSignalSpy jobsReset(feed.jobs(), &QAbstractItemModel::modelReset);
        // A re-list after a resync: one node gone, one new, one job changed.
        QJsonObject j1 = fixtures::job("j1", "running");
        j1["node_ids"] = QJsonArray{"n2"};
        feed.applyLists({fixtures::node("n2", 2, 4096), fixtures::node("n3")}, {j1});
        feed.nodes()->flush();
        feed.jobs()->flush();
        QCOMPARE(nodesReset.count(), 0);
        QCOMPARE(jobsReset.count(), 0);
        QVERIFY(selected.isValid());
        QCOMPARE(selected.data().toString(), "n2");
        QCOMPARE(feed.nodes()->rowCount(), 2);
        QCOMPARE(feed.jobs()->rowCount(), 1);
        QCOMPARE(JobsModel::nodesText(feed.jobs()->job("j1")), "name-n2");
    }

    void eventsAreQueuedAndBatched()
    {
        ControlPlaneClient client;
        FleetFeed feed(&client);
        QAbstractItemModelTester tester(feed.jobs(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        feed.applyLists({fixtures::node("n1")}, {});
        feed.jobs()->flush();
        QSignalSpy inserted(feed.jobs(), &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 50; ++i)
            feed.applyEvent(event(i, "Job", fixtures::job(QString::number(i), "pending")));
        QCOMPARE(feed.jobs()->rowCount(), 0); // applied at the next flush, not one by one
        QTRY_COMPARE(feed.jobs()->rowCount(), 50);
        QCOMPARE(inserted.count(), 1);

        // An allocation event names the node the job runs on.
        QSignalSpy allocation(&feed, &FleetFeed::allocationChanged);
        feed.applyEvent(event(60, "Allocation",
                              {{"id", "a1"},
                               {"job_id", "7"},
                               {"node_id", "n1"},
                               {"index", 0},
                               {"client_status", "running"}}));
        QCOMPARE(allocation.count(), 1);
        feed.jobs()->flush();
        QCOMPARE(JobsModel::nodesText(feed.jobs()->job("7")), "name-n1");
        QCOMPARE(feed.allocationsOf("7").size(), 1);
        // A later job event keeps the node names it does not carry itself.
        QJsonObject seven = fixtures::job("7", "running");
        feed.applyEvent(event(61, "Job", seven));
        feed.jobs()->flush();
        QCOMPARE(JobsModel::nodesText(feed.jobs()->job("7")), "name-n1");

        feed.applyEvent(event(62, "Node", {{"id", "n1"}}, "removed"));
        feed.nodes()->flush();
        QCOMPARE(feed.nodes()->rowCount(), 0);
        QSignalSpy metrics(&feed, &FleetFeed::metricsReceived);
        feed.applyEvent(event(63, "Metrics", {{"pending", 3}}, "jobs"));
        QCOMPARE(metrics.count(), 1);
    }

    void oldFinishedJobsAreForgotten()
    {
        ControlPlaneClient client;
        FleetFeed feed(&client);
        feed.setMaxJobs(100);
        const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-1);
        for (int i = 0; i < 100; ++i)
            feed.applyEvent(event(i, "Job",
                                  fixtures::finished(fixtures::job(QString::number(i), "pending",
                                                                   "small", start.addSecs(i)),
                                                     "success", start.addSecs(i), 1, 1)));
        feed.applyEvent(event(100, "Job", fixtures::job("running", "running")));
        feed.jobs()->flush();
        // Down to 90: the eleven oldest finished jobs go, the running one stays.
        QCOMPARE(feed.jobs()->allJobs().size(), 90);
        QCOMPARE(feed.jobs()->rowCount(), 90);
        QVERIFY(!feed.jobs()->allJobs().contains("0"));
        QVERIFY(!feed.jobs()->allJobs().contains("10"));
        QVERIFY(feed.jobs()->allJobs().contains("11"));
        QVERIFY(feed.jobs()->allJobs().contains("running"));
    }

    void jobDetailsBringAllocations()
    {
        ControlPlaneClient client;
        FleetFeed feed(&client);
        feed.applyLists({fixtures::node("n1"), fixtures::node("n2")},
                        {fixtures::job("j", "running")});
        QJsonObject details = fixtures::job("j", "running");
        details["allocations"] = QJsonArray{QJsonObject{{"id", "a1"},
                                                        {"job_id", "j"},
                                                        {"node_id", "n2"},
                                                        {"index", 1},
                                                        {"client_status", "running"}},
                                            QJsonObject{{"id", "a0"},
                                                        {"job_id", "j"},
                                                        {"node_id", "n1"},
                                                        {"index", 0},
                                                        {"client_status", "complete"}}};
        feed.absorbJobDetails(details);
        feed.jobs()->flush();
        const QList<QJsonObject> allocations = feed.allocationsOf("j");
        QCOMPARE(allocations.size(), 2);
        QCOMPARE(allocations[0]["id"].toString(), "a0"); // in slice order
        QCOMPARE(JobsModel::nodesText(feed.jobs()->job("j")), "name-n1, name-n2");
        QVERIFY(!feed.jobs()->job("j").contains("allocations")); // the row holds the job only
    }
};

QTEST_GUILESS_MAIN(TestFleetFeed)
#include "tst_fleetfeed.moc"
