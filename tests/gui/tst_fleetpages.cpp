// The Nodes and Jobs pages offscreen against a real gantryd with a LocalFleet: bulk drain,
// undrain and eligibility on a selection; a pipeline run from the console whose log shows up;
// cancel and approve with their confirmations; and read-only, "as of" pages once gantryd is gone.
#include "allocationlog.h"
#include "controlplaneclient.h"
#include "draindialog.h"
#include "fleetactions.h"
#include "fleetdaemon.h"
#include "fleetfeed.h"
#include "jobdetailspane.h"
#include "jobsmodel.h"
#include "jobspage.h"
#include "livesortproxy.h"
#include "livetableview.h"
#include "logviewer.h"
#include "nodesmodel.h"
#include "nodespage.h"
#include "runpipelinedialog.h"
#include "stalebanner.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

using namespace gantry;

class TestFleetPages final : public QObject
{
    Q_OBJECT
    FleetDaemon m_daemon;
    QTemporaryDir m_config;
    ControlPlaneClient *m_client = nullptr;
    FleetFeed *m_feed = nullptr;
    FleetActions *m_actions = nullptr;
    AllocationLog *m_log = nullptr;
    QStringList m_slow;

    QString writeConfig(const QString &name, const QByteArray &yaml)
    {
        const QString path = m_config.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(yaml) != yaml.size())
            return {};
        return path;
    }

    static void selectRows(LiveTableView *table, LiveTableModel *model, const QStringList &ids)
    {
        QItemSelection selection;
        for (const QString &id : ids) {
            const QModelIndex i = table->proxy()->mapFromSource(model->index(model->rowOf(id), 0));
            selection.select(i, i);
        }
        table->view()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect |
                                                               QItemSelectionModel::Rows);
    }

    QStringList submit(const QByteArray &yaml)
    {
        RunPipelineDialog dialog(m_actions);
        if (!dialog.loadFile(writeConfig(QStringLiteral("config-%1.yml").arg(qHash(yaml)), yaml)))
            return {};
        dialog.submit();
        QDeadlineTimer deadline(10000);
        while (dialog.submittedJobIds().isEmpty() && !dialog.resultText().contains("rejected") &&
               !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        if (dialog.submittedJobIds().isEmpty())
            qWarning("submit: %s", qPrintable(dialog.resultText()));
        return dialog.submittedJobIds();
    }

    static void grab(QWidget *widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("GANTRY_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        widget->grab().save(QDir(dir).filePath(name + ".png"));
    }

    // Tabs from `start` until focus comes back (or 40 presses): the widgets reached, in order.
    static QList<QWidget *> tabChain(QWidget *start)
    {
        QList<QWidget *> chain;
        start->setFocus(Qt::TabFocusReason);
        QWidget *current = QApplication::focusWidget();
        for (int i = 0; i < 40 && current; ++i) {
            chain << current;
            QTest::keyClick(current, Qt::Key_Tab);
            current = QApplication::focusWidget();
            if (current == chain.first())
                break;
        }
        return chain;
    }
    template<typename... W> static QList<QWidget *> widgets(W *...w)
    {
        return {static_cast<QWidget *>(w)...};
    }
    static QString accessibleName(QWidget *w)
    {
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
        return iface ? iface->text(QAccessible::Name) : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
        const QString error = m_daemon.start({"--fleet", "local:3x4cpu,8g"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_client = new ControlPlaneClient(this);
        m_client->setAddress(QUrl(m_daemon.address()));
        m_client->setToken(m_daemon.token());
        m_feed = new FleetFeed(m_client, this);
        m_actions = new FleetActions(m_client, this);
        m_log = new AllocationLog(m_client, this);
        m_log->setRetryInterval(200);
        m_feed->connectTo(QUrl(m_daemon.address()), m_daemon.token());
        QTRY_COMPARE_WITH_TIMEOUT(m_feed->state(), FleetFeed::State::Live, 10000);
        QCOMPARE(m_feed->nodes()->rowCount(), 3);
    }

    void drainUndrainAndEligibilityOnASelection()
    {
        NodesPage page(m_feed, m_actions);
        page.resize(1000, 500);
        NodesModel *nodes = m_feed->nodes();
        const QStringList ids{nodes->record(0)["id"].toString(), nodes->record(1)["id"].toString()};
        QVERIFY(!page.drainAction()->isEnabled()); // nothing selected
        selectRows(page.table(), nodes, ids);
        QVERIFY(page.drainAction()->isEnabled());
        QVERIFY(!page.undrainAction()->isEnabled()); // none of them drains yet

        QList<QJsonObject> prompted;
        page.setDrainPrompt([&](const QList<QJsonObject> &n) -> std::optional<DrainRequest> {
            prompted = n;
            DrainRequest r;
            r.deadlineSeconds = 4 * 3600;
            return r;
        });
        page.drainAction()->trigger();
        QCOMPARE(prompted.size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(NodesModel::isDraining(nodes->record(nodes->rowOf(ids[0]))) &&
                                     NodesModel::isDraining(nodes->record(nodes->rowOf(ids[1]))),
                                 5000);
        QTRY_VERIFY(page.resultText().contains("done for 2 node"));
        // No allocation runs on them: the row says the drain is complete.
        QCOMPARE(nodes->index(nodes->rowOf(ids[0]), 4).data().toString(), "drained");
        QVERIFY(page.table()->selectedIds().size() == 2); // the selection survived the updates
        grab(&page, "fleet-nodes-drained");

        QVERIFY(page.undrainAction()->isEnabled());
        page.undrainAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!NodesModel::isDraining(nodes->record(nodes->rowOf(ids[0]))),
                                 5000);

        QCOMPARE(page.eligibilityAction()->text(), "Mark &ineligible");
        page.eligibilityAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(nodes->record(nodes->rowOf(ids[1]))["eligibility"].toString(),
                                  "ineligible", 5000);
        QTRY_COMPARE(page.eligibilityAction()->text(), "Mark &eligible");
        page.eligibilityAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(nodes->record(nodes->rowOf(ids[1]))["eligibility"].toString(),
                                  "eligible", 5000);
    }

    void pipelineRunsAndItsLogShows()
    {
        JobsPage page(m_feed, m_actions, m_log);
        page.resize(1100, 700);
        const QStringList ids = submit("version: 2\njobs:\n  hello:\n    resource_class: small\n"
                                       "    steps:\n      - run: for i in 1 2 3; do echo "
                                       "hello-from-gantry $i; sleep 0.3; done\n"
                                       "workflows:\n  greet:\n    jobs: [hello]\n");
        QCOMPARE(ids.size(), 1);
        QTRY_VERIFY(m_feed->jobs()->allJobs().contains(ids[0]));
        page.selectJobs(ids);
        QCOMPARE(page.details()->jobId(), ids[0]);
        QTRY_VERIFY_WITH_TIMEOUT(page.details()->allocations()->topLevelItemCount() == 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            page.details()->logViewer()->text().contains("hello-from-gantry 3"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(m_feed->jobs()->job(ids[0])["outcome"].toString(), "success",
                                  10000);
        QTRY_VERIFY(!m_feed->jobs()->job(ids[0])["node_names"].toArray().isEmpty());
        const int row = m_feed->jobs()->rowOf(ids[0]);
        QTRY_VERIFY(m_feed->jobs()->index(row, 6).data().toString().startsWith("local-"));
        grab(&page, "fleet-jobs-log");
    }

    void badPipelineSaysWhichLine()
    {
        RunPipelineDialog dialog(m_actions);
        QVERIFY(dialog.loadFile(writeConfig("bad.yml", "version: 2\njobs:\n  a:\n    "
                                                       "resource_class: huge\n    steps:\n"
                                                       "      - run: echo\n")));
        dialog.submit();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.resultText().contains("rejected"), 10000);
        QVERIFY2(dialog.resultText().contains("line 4"), qPrintable(dialog.resultText()));
        QVERIFY(dialog.submittedJobIds().isEmpty());
        QVERIFY(!dialog.loadFile(m_config.filePath("missing.yml")));
        QVERIFY(dialog.resultText().startsWith("Could not read"));
    }

    void cancelAndApproveAreConfirmed()
    {
        JobsPage page(m_feed, m_actions, m_log);
        QStringList asked;
        bool answer = false;
        page.setConfirm([&](const QString &, const QString &text) {
            asked << text;
            return answer;
        });
        const QStringList ids =
            submit("version: 2\njobs:\n  deploy:\n    steps:\n      - run: echo deployed\n"
                   "workflows:\n  w:\n    jobs:\n      - hold:\n          type: approval\n"
                   "      - deploy:\n          requires: [hold]\n");
        QCOMPARE(ids.size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(m_feed->jobs()->job(ids[0])["on_hold"].toBool(), 5000);
        page.selectJobs({ids[0]});
        QVERIFY(page.approveAction()->isEnabled());
        page.approveAction()->trigger(); // declined: nothing happens
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked[0].contains("Approve hold?"), qPrintable(asked[0]));
        QTest::qWait(300);
        QVERIFY(m_feed->jobs()->job(ids[0])["on_hold"].toBool());
        answer = true;
        page.approveAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(m_feed->jobs()->job(ids[1])["outcome"].toString(), "success",
                                  10000);

        const QStringList slow = submit("version: 2\njobs:\n  slow:\n    steps:\n      - run: "
                                        "sleep 30\nworkflows:\n  w:\n    jobs: [slow]\n");
        QTRY_COMPARE_WITH_TIMEOUT(m_feed->jobs()->job(slow[0])["status"].toString(), "running",
                                  5000);
        page.selectJobs(slow);
        QVERIFY(page.cancelAction()->isEnabled());
        page.cancelAction()->trigger();
        QVERIFY2(asked.last().contains("The steps of 1 running job"), qPrintable(asked.last()));
        QTRY_COMPARE_WITH_TIMEOUT(m_feed->jobs()->job(slow[0])["outcome"].toString(), "canceled",
                                  10000);
    }

    void everyControlIsReachableByTab()
    {
        NodesPage nodesPage(m_feed, m_actions);
        nodesPage.resize(1000, 500);
        nodesPage.show();
        QApplication::setActiveWindow(&nodesPage);
        if (!QTest::qWaitForWindowActive(&nodesPage))
            QSKIP("needs: a platform plugin that activates windows (offscreen does)");
        NodesModel *nodes = m_feed->nodes();
        selectRows(nodesPage.table(), nodes, {nodes->record(0)["id"].toString()});
        QToolBar *toolbar = nodesPage.findChild<QToolBar *>();
        QVERIFY(toolbar);
        QWidget *drain = toolbar->widgetForAction(nodesPage.drainAction());
        QWidget *eligibility = toolbar->widgetForAction(nodesPage.eligibilityAction());
        QList<QWidget *> chain = tabChain(drain);
        // The actions first, then the filter, the column chooser and the table.
        const QList<QWidget *> expected =
            widgets(drain, eligibility, nodesPage.table()->filterBox(),
                    nodesPage.table()->columnsButton(), nodesPage.table()->view());
        qsizetype at = -1;
        for (QWidget *w : expected) {
            const qsizetype next = chain.indexOf(w);
            QVERIFY2(
                next > at,
                qPrintable(
                    QStringLiteral("%1 not reached in order").arg(w->metaObject()->className())));
            at = next;
        }
        for (QWidget *w : std::as_const(chain))
            QVERIFY2(!accessibleName(w).isEmpty(), w->metaObject()->className());
        QCOMPARE(accessibleName(drain), "Drain…");
        // Enter on a focused tool button triggers its action, like a click.
        QSignalSpy triggered(nodesPage.eligibilityAction(), &QAction::triggered);
        eligibility->setFocus(Qt::TabFocusReason);
        QTest::keyClick(eligibility, Qt::Key_Space);
        QCOMPARE(triggered.count(), 1);
        nodesPage.hide();

        JobsPage jobsPage(m_feed, m_actions, m_log);
        jobsPage.resize(1000, 700);
        jobsPage.show();
        QApplication::setActiveWindow(&jobsPage);
        QVERIFY(QTest::qWaitForWindowActive(&jobsPage));
        QToolBar *jobsBar = jobsPage.findChild<QToolBar *>();
        QWidget *run = jobsBar->widgetForAction(jobsPage.runAction());
        chain = tabChain(jobsPage.statusFilter());
        const QList<QWidget *> jobsExpected =
            widgets(jobsPage.statusFilter(), run, jobsPage.table()->filterBox(),
                    jobsPage.table()->columnsButton(), jobsPage.table()->view(),
                    jobsPage.details()->allocations(), jobsPage.details()->logViewer()->streamBox(),
                    jobsPage.details()->logViewer()->searchBox());
        at = -1;
        for (QWidget *w : jobsExpected) {
            const qsizetype next = chain.indexOf(w);
            QVERIFY2(next > at,
                     qPrintable(QStringLiteral("%1 (%2) not reached in order")
                                    .arg(w->metaObject()->className(), accessibleName(w))));
            at = next;
        }
        for (QWidget *w : std::as_const(chain))
            QVERIFY2(!accessibleName(w).isEmpty(), w->metaObject()->className());
    }

    void statusFilterNarrowsTheTable()
    {
        JobsPage page(m_feed, m_actions, m_log);
        QComboBox *filter = page.statusFilter();
        filter->setCurrentIndex(filter->findData("dead"));
        m_feed->jobs()->flush();
        QVERIFY(m_feed->jobs()->rowCount() > 0);
        for (int r = 0; r < m_feed->jobs()->rowCount(); ++r)
            QCOMPARE(m_feed->jobs()->record(r)["status"].toString(), "dead");
        filter->setCurrentIndex(filter->findData("on_hold"));
        QCOMPARE(m_feed->jobs()->rowCount(), 0);
        filter->setCurrentIndex(0);
        QCOMPARE(m_feed->jobs()->rowCount(), m_feed->jobs()->allJobs().size());
    }

    void viewersSeeEverythingButCannotAct()
    {
        NodesPage page(m_feed, m_actions);
        selectRows(page.table(), m_feed->nodes(), {m_feed->nodes()->record(0)["id"].toString()});
        QVERIFY(page.drainAction()->isEnabled());
        m_feed->setViewerReason("viewers can look at everything but change nothing");
        QVERIFY(!page.drainAction()->isEnabled());
        QVERIFY(!page.eligibilityAction()->isEnabled());
        QCOMPARE(page.drainAction()->toolTip(),
                 "viewers can look at everything but change nothing");
        QCOMPARE(m_feed->nodes()->rowCount(), 3); // the data stays
        m_feed->setViewerReason({});
        QVERIFY(page.drainAction()->isEnabled());
        QVERIFY(!page.drainAction()->toolTip().contains("viewers"));
    }
    void disconnectedPagesAreReadOnlyAsOf()
    {
        // A job runs when gantryd dies: the console keeps showing it running (as of then).
        m_slow = submit("version: 2\njobs:\n  long:\n    steps:\n      - run: sleep 60\n"
                        "workflows:\n  w:\n    jobs: [long]\n");
        QCOMPARE(m_slow.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(m_feed->jobs()->job(m_slow[0])["status"].toString(), "running",
                                  5000);
        NodesPage page(m_feed, m_actions);
        page.resize(1000, 400);
        selectRows(page.table(), m_feed->nodes(), {m_feed->nodes()->record(0)["id"].toString()});
        QVERIFY(page.drainAction()->isEnabled());
        m_daemon.stop();
        QTRY_COMPARE_WITH_TIMEOUT(m_feed->state(), FleetFeed::State::Disconnected, 10000);
        QCOMPARE(m_feed->nodes()->rowCount(), 3); // the last data stays
        QVERIFY(!page.drainAction()->isEnabled());
        QVERIFY2(m_feed->bannerText().contains("as of"), qPrintable(m_feed->bannerText()));
        auto *banner = page.findChild<StaleBanner *>();
        QVERIFY(banner && !banner->isHidden());
        grab(&page, "fleet-nodes-disconnected");
        QCOMPARE(m_feed->jobs()->job(m_slow[0])["status"].toString(), "running");
    }

    void reconnectRelistsAndNothingStaysStale()
    {
        // The same gantryd comes back on the same address (as a remote one does): the stream
        // reconnects, the feed lists again, and the job that was running when gantryd died
        // shows what gantryd says of it now (lost), though no event about it ever reached us.
        const QUrl address(m_daemon.address());
        // ...and says so, for the pages that are not the fleet's (the console reloads its
        // settings on it: an apply elsewhere meanwhile sent an event nobody received).
        QSignalSpy reconnected(m_feed, &FleetFeed::reconnected);
        const QString error = m_daemon.start({"--fleet", "local:3x4cpu,8g", "--listen",
                                              QStringLiteral("127.0.0.1:%1").arg(address.port())},
                                             m_daemon.token());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(m_daemon.address(), address.toString());
        QTRY_COMPARE_WITH_TIMEOUT(m_feed->state(), FleetFeed::State::Live, 30000);
        QCOMPARE(m_feed->retryCount(), 0);
        QCOMPARE(reconnected.size(), 1);
        QVERIFY(m_feed->bannerText().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_feed->jobs()->job(m_slow[0])["outcome"].toString(), "lost",
                                  5000);
        QCOMPARE(m_feed->nodes()->rowCount(), 3);
    }
};

QTEST_MAIN(TestFleetPages)
#include "tst_fleetpages.moc"
