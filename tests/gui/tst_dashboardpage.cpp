// The dashboard offscreen, fed without a server: tiles show the fleet's numbers, the range buttons
// switch the charts, and the diagnosis links ask for the nodes or jobs they are about.
#include "controlplaneclient.h"
#include "dashboardmodel.h"
#include "dashboardpage.h"
#include "fleetfeed.h"
#include "jobsmodel.h"
#include "nodesmodel.h"

#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace gantry;

class TestDashboardPage final : public QObject
{
    Q_OBJECT
    static QJsonObject node(const QString &id, int cpuUsed, bool drain = false)
    {
        return {{"id", id},
                {"name", id},
                {"status", "ready"},
                {"eligibility", "eligible"},
                {"drain", drain},
                {"running_allocs", cpuUsed / 2},
                {"resources", QJsonObject{{"cpu", 8}, {"memory_mb", 16384}}},
                {"reserved", QJsonObject{{"cpu", 2}, {"memory_mb", 4096}}},
                {"allocated", QJsonObject{{"cpu", cpuUsed}, {"memory_mb", cpuUsed * 2048}}}};
    }
    static QJsonObject job(const QString &id, const QString &status)
    {
        return {{"id", id},
                {"name", "build"},
                {"workflow_run_id", "run-" + id},
                {"status", status},
                {"resource_class", "medium"},
                {"parallelism", 1},
                {"submitted_at",
                 QDateTime::currentDateTimeUtc().addSecs(-600).toString(Qt::ISODateWithMs)}};
    }

private Q_SLOTS:
    void tilesChartsAndLinks()
    {
        ControlPlaneClient client;
        FleetFeed feed(&client);
        DashboardModel model(&feed);
        DashboardPage page(&model);
        page.resize(1100, 700);
        QCOMPARE(page.tileText("queued"), "–"); // nothing listed yet
        feed.applyLists({node("local-1", 6), node("local-2", 6), node("local-3", 0, true)},
                        {job("q1", "pending"), job("q2", "pending"), job("q3", "pending"),
                         job("r1", "running")});
        feed.nodes()->flush();
        feed.jobs()->flush();
        model.sample();
        QCOMPARE(page.tileText("queued"), "3");
        QCOMPARE(page.tileText("running"), "1");
        QCOMPARE(page.tileText("ready"), "2");
        QCOMPARE(page.tileText("draining"), "1");
        QCOMPARE(page.tileText("down"), "0");
        QVERIFY2(page.diagnosisText().contains("Every eligible node is full"),
                 qPrintable(page.diagnosisText()));
        QVERIFY(page.diagnosisText().contains("local-3 is drained"));

        QSignalSpy nodes(&page, &DashboardPage::showNodes);
        QSignalSpy jobs(&page, &DashboardPage::showJobs);
        Q_EMIT page.diagnosisLabel()->linkActivated("nodes:local-3");
        Q_EMIT page.diagnosisLabel()->linkActivated("jobs:q1,q2");
        QCOMPARE(nodes.count(), 1);
        QCOMPARE(nodes.at(0).at(0).toStringList(), QStringList{"local-3"});
        QCOMPARE(jobs.at(0).at(0).toStringList(), (QStringList{"q1", "q2"}));

        page.setRange(int(DashboardModel::Range::Hours24));
        QCOMPARE(page.range(), 2);
        const QString dir = qEnvironmentVariable("GANTRY_SCREENSHOT_DIR");
        if (!dir.isEmpty() && QDir().mkpath(dir))
            page.grab().save(QDir(dir).filePath("dashboard-offscreen.png"));
    }
};

QTEST_MAIN(TestDashboardPage)
#include "tst_dashboardpage.moc"
