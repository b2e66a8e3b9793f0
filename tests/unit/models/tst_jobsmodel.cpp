// The Jobs table: its columns, the status filter (a plain predicate) narrowing rows without a reset
// while every job stays known, queue time and duration; wrapped in QAbstractItemModelTester.
#include "fleetfixtures.h"
#include "jobsmodel.h"
#include "livesortproxy.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace gantry;

class TestJobsModel final : public QObject
{
    Q_OBJECT
    static int column(const JobsModel &m, const QString &key)
    {
        for (int i = 0; i < m.columns().size(); ++i)
            if (m.columns()[i].key == key)
                return i;
        return -1;
    }

private Q_SLOTS:
    void columnsOfTheIssue()
    {
        JobsModel model;
        QStringList headers;
        for (int c = 0; c < model.columnCount(); ++c)
            headers << model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
        QCOMPARE(headers,
                 (QStringList{"ID", "Job", "Workflow", "Status", "Outcome", "Resource class",
                              "Node(s)", "Submitted", "Queue time", "Duration"}));
    }

    // A running job's duration grows: the clock reports its cell changed, and a table sorted
    // by duration moves it past a finished job it overtakes. Finished jobs never tick.
    void runningDurationsTickAndResort()
    {
        JobsModel model;
        model.setClockInterval(100);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QJsonObject running = fixtures::job("r", "running");
        running["started_at"] = fixtures::iso(now.addMSecs(-6500));
        model.setJob(running);
        model.setJob(
            fixtures::finished(fixtures::job("d", "pending"), "success", now.addSecs(-60), 1, 7));
        QJsonObject held = fixtures::job("h", "pending");
        held["on_hold"] = true;
        model.setJob(held);
        model.flush();
        QCOMPARE(model.tickingCount(), 1);
        LiveSortProxy proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(LiveTableModel::SortRole);
        proxy.sort(column(model, "duration"), Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data(LiveTableModel::IdRole).toString(), "d"); // 7 s > 6.5 s
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QTest::qWait(1000);
        QVERIFY(changed.count() >= 5);
        for (const QList<QVariant> &args : std::as_const(changed)) {
            const QModelIndex from = args[0].toModelIndex();
            QCOMPARE(from.data(LiveTableModel::IdRole).toString(), "r");
            QCOMPARE(from.column(), column(model, "queue_time"));
        }
        proxy.applyPendingChanges();
        QCOMPARE(proxy.index(0, 0).data(LiveTableModel::IdRole).toString(), "r"); // now > 7 s
        // Once it finishes, nothing ticks and the clock stops.
        model.setJob(fixtures::finished(running, "success", now.addMSecs(-7500), 1, 7.5));
        QCOMPARE(model.tickingCount(), 0);
        model.flush();
        changed.clear();
        QTest::qWait(300);
        QCOMPARE(changed.count(), 0);
    }

    void predicate()
    {
        QJsonObject held = fixtures::job("h", "pending");
        held["on_hold"] = true;
        const QJsonObject queued = fixtures::job("q", "pending");
        const QJsonObject failed = fixtures::finished(fixtures::job("f", "pending"), "failed",
                                                      QDateTime::currentDateTimeUtc(), 1, 2);
        const QJsonObject ok = fixtures::finished(fixtures::job("o", "pending"), "success",
                                                  QDateTime::currentDateTimeUtc(), 1, 2);
        QVERIFY(JobsModel::matches(queued, "queued") && !JobsModel::matches(held, "queued"));
        QVERIFY(JobsModel::matches(held, "on_hold") && JobsModel::matches(held, ""));
        QVERIFY(JobsModel::matches(failed, "failed") && !JobsModel::matches(ok, "failed"));
        QVERIFY(JobsModel::matches(ok, "dead") && !JobsModel::matches(ok, "running"));
    }

    // Status checks (ticking, status sort key) compare the record's own strings, however it was
    // built: parsed from the API's text (escapes included) or made in code.
    void statusIsReadFromParsedAndBuiltRecords()
    {
        JobsModel model;
        const QJsonObject parsed =
            QJsonDocument::fromJson(R"({"id":"p","status":"\u0072unning","on_hold":false,)"
                                    R"("name":"caf\u00e9"})")
                .object();
        QCOMPARE(parsed.value("status").toString(), "running");
        QJsonObject built = fixtures::job("b", QStringLiteral("pend") + QStringLiteral("ing"));
        QJsonObject held = fixtures::job("h", "pending");
        held["on_hold"] = true;
        QJsonObject wide = fixtures::job("w", QString::fromUtf8("r\xc3\xbcnning")); // "rünning"
        model.setJob(parsed);
        model.setJob(built);
        model.setJob(held);
        model.setJob(wide);
        QCOMPARE(model.tickingCount(), 2); // running, queued; not held, not an unknown status
        model.flush();
        const int status = column(model, "status");
        const auto rank = [&](const char *id) {
            return model.index(model.rowOf(id), status).data(LiveTableModel::SortRole).toInt();
        };
        QCOMPARE(rank("b"), 0);
        QCOMPARE(rank("h"), 1);
        QCOMPARE(rank("p"), 2);
        QCOMPARE(rank("w"), 3);
        QVERIFY(JobsModel::matches(parsed, "running") && !JobsModel::matches(wide, "running"));
    }

    void statusFilterKeepsEveryJobAndNeverResets()
    {
        JobsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 10; ++i)
            model.setJob(fixtures::job(QString::number(i), i % 2 ? "running" : "pending"));
        model.flush();
        QCOMPARE(model.rowCount(), 10);
        const QPersistentModelIndex kept = model.index(model.rowOf("3"), 0);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setStatusFilter("running");
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.allJobs().size(), 10);
        QVERIFY(kept.isValid());
        QCOMPARE(kept.data().toString(), "3");
        // A job that stops matching leaves the rows at the next flush, and comes back.
        QJsonObject three = model.job("3");
        three["status"] = "dead";
        three["outcome"] = "success";
        model.setJob(three);
        model.flush();
        QCOMPARE(model.rowCount(), 4);
        model.setStatusFilter({});
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(reset.count(), 0);
        model.removeJob("0");
        model.flush();
        QCOMPARE(model.rowCount(), 9);
        QVERIFY(!model.allJobs().contains("0"));
    }

    void timesAndNodes()
    {
        JobsModel model;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QJsonObject waiting = fixtures::job("w", "pending", "small", now.addSecs(-90));
        QCOMPARE(qRound(JobsModel::queueSeconds(waiting, now)), 90);
        QCOMPARE(JobsModel::durationSeconds(waiting, now), -1.0);
        QJsonObject done = fixtures::finished(fixtures::job("d", "pending"), "success",
                                              now.addSecs(-600), 12.5, 125);
        done["node_names"] = QJsonArray{"local-2", "local-1", "local-2"};
        model.setJob(done);
        model.setJob(waiting);
        model.flush();
        const int row = model.rowOf("d");
        QCOMPARE(model.index(row, column(model, "queue_time")).data().toString(), "13 s");
        QCOMPARE(model.index(row, column(model, "duration")).data().toString(), "2 min 5 s");
        QCOMPARE(
            model.index(row, column(model, "duration")).data(LiveTableModel::SortRole).toDouble(),
            125.0);
        QCOMPARE(model.index(row, column(model, "nodes")).data().toString(), "local-2, local-1");
        QCOMPARE(model.index(row, column(model, "outcome")).data().toString(), "success");
        // Queued sorts before running before finished, whatever the words are in a language.
        QVERIFY(model.index(model.rowOf("w"), column(model, "status"))
                    .data(LiveTableModel::SortRole)
                    .toInt() <
                model.index(row, column(model, "status")).data(LiveTableModel::SortRole).toInt());
    }
};

QTEST_GUILESS_MAIN(TestJobsModel)
#include "tst_jobsmodel.moc"
