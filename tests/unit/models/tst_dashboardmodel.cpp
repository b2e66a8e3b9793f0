// The dashboard's numbers from the feed's models: tiles, median queue time and success rate over
// the last hour, bounded series, the busiest nodes and the diagnosis.
#include "controlplaneclient.h"
#include "dashboardmodel.h"
#include "fleetfeed.h"
#include "fleetfixtures.h"
#include "jobsmodel.h"
#include "nodesmodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace gantry;

class TestDashboardModel final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tilesFromTheFleet()
    {
        ControlPlaneClient client;
        FleetFeed feed(&client);
        DashboardModel model(&feed);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QJsonObject held = fixtures::job("h", "pending");
        held["on_hold"] = true;
        QJsonObject busy = fixtures::node("n1", 6, 12288);
        busy["running_allocs"] = 3;
        QJsonObject ineligible = fixtures::node("n5");
        ineligible["eligibility"] = "ineligible";
        feed.applyLists({busy, fixtures::node("n2", 0, 0, "ready", true),
                         fixtures::node("n3", 0, 0, "down"), fixtures::node("n4"), ineligible},
                        {fixtures::job("q1", "pending"), fixtures::job("q2", "pending"), held,
                         fixtures::job("r", "running"),
                         fixtures::finished(fixtures::job("a", "pending"), "success",
                                            now.addSecs(-600), 10, 60),
                         fixtures::finished(fixtures::job("b", "pending"), "success",
                                            now.addSecs(-900), 20, 60),
                         fixtures::finished(fixtures::job("c", "pending"), "failed",
                                            now.addSecs(-1200), 30, 60),
                         fixtures::finished(fixtures::job("d", "pending"), "canceled",
                                            now.addSecs(-300), 40, 6),
                         fixtures::finished(fixtures::job("old", "pending"), "failed",
                                            now.addSecs(-9000), 999, 60)});
        feed.nodes()->flush();
        feed.jobs()->flush();
        QSignalSpy changed(&model, &DashboardModel::changed);
        model.sample(now);
        QCOMPARE(changed.count(), 1);
        const DashboardTiles &t = model.tiles();
        QCOMPARE(t.queued, 2);
        QCOMPARE(t.onHold, 1);
        QCOMPARE(t.pending, 3); // as Nomad counts: the held job too
        QCOMPARE(t.running, 1);
        QCOMPARE(t.nodesReady, 2);
        QCOMPARE(t.nodesDraining, 1);
        QCOMPARE(t.nodesDown, 1);
        QCOMPARE(t.nodesIneligible, 1);
        QVERIFY(t.medianQueueSeconds);
        QCOMPARE(*t.medianQueueSeconds, 25.0); // 10, 20, 30, 40 started within the hour
        QVERIFY(t.successRate);
        QCOMPARE(*t.successRate, 2.0 / 3.0); // the canceled job left out, the old one too
        QCOMPARE(model.busiestNodes(1).value(0).first, "name-n1");
        QCOMPARE(model.busiestNodes(1).value(0).second, 3);
        QVERIFY(!model.diagnosis().isEmpty());
    }

    void seriesStayBoundedAndPauseWhileNotLive()
    {
        ControlPlaneClient client;
        FleetFeed feed(&client);
        DashboardModel model(&feed);
        feed.applyLists({fixtures::node("n1")}, {fixtures::job("q", "pending")});
        feed.jobs()->flush();
        // Not live (never connected): the series do not record stale numbers.
        model.sample(QDateTime::currentDateTimeUtc());
        QCOMPARE(model.pending(DashboardModel::Range::Minutes15).size(), 0);
        QCOMPARE(model.tiles().queued, 1);
    }
};

QTEST_GUILESS_MAIN(TestDashboardModel)
#include "tst_dashboardmodel.moc"
