// AuditTableModel against a real gantryd holding a few thousand imported events, always inside
// QAbstractItemModelTester: newest first, the same rows as GET /v1/audit for the same filter, a
// bounded window while scrolling to the oldest event and back, jump to time, live events at the
// top (or counted), and the audited view. AuditFilter's mapping to the API's parameters.
#include "auditfilter.h"
#include "auditfixtures.h"
#include "audittablemodel.h"
#include "fleetdaemon.h"

#include <QAbstractItemModelTester>
#include <QIdentityProxyModel>
#include <QJsonArray>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace gantry;
using namespace gantry::audittest;

namespace {
constexpr int kEvents = 3000;

// QAbstractItemModelTester calls fetchMore after every change, like a view kept at the bottom.
// Where a test pages itself (or upwards), the tester looks through this proxy instead: the same
// signals, checked the same way, but no paging of its own.
class NoFetchProxy final : public QIdentityProxyModel
{
public:
    explicit NoFetchProxy(QAbstractItemModel *source) { setSourceModel(source); }
    bool canFetchMore(const QModelIndex &) const override { return false; }
    void fetchMore(const QModelIndex &) override {}
};
} // namespace

class TestAuditTableModel final : public QObject
{
    Q_OBJECT

    FleetDaemon m_daemon;
    ControlPlaneClient m_client;
    QDateTime m_start;

    // Every id GET /v1/audit gives for the query, newest first, through its cursors.
    QStringList apiIds(QUrlQuery query)
    {
        QStringList ids;
        QString cursor;
        query.addQueryItem("limit", "1000");
        for (;;) {
            QUrlQuery q = query;
            if (!cursor.isEmpty())
                q.addQueryItem("cursor", cursor);
            const ApiResult r = call(m_client, "GET", "/v1/audit?" + q.query(QUrl::FullyEncoded));
            if (!r.ok())
                qFatal("GET /v1/audit: %s", qPrintable(r.describeError()));
            for (const QJsonValue &e : r.json["events"].toArray())
                ids << e["id"].toString();
            cursor = r.json["next_cursor"].toString();
            if (cursor.isEmpty())
                return ids;
        }
    }

    static QStringList modelIds(const AuditTableModel &model)
    {
        QStringList ids;
        for (int row = 0; row < model.rowCount(); ++row)
            ids << model.idAt(row);
        return ids;
    }

    static bool loaded(const AuditTableModel &model)
    {
        return !model.isFetching() && model.state() == AuditTableModel::State::Ready;
    }

    std::unique_ptr<AuditTableModel> newModel()
    {
        auto model = std::make_unique<AuditTableModel>(&m_client);
        return model;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString why = m_daemon.start();
        if (!why.isEmpty())
            QSKIP(qPrintable(why.startsWith("needs") ? why : "needs: gantryd to start: " + why));
        m_client.setAddress(QUrl(m_daemon.address()));
        m_client.setToken(m_daemon.token());
        m_client.setTimeout(60000);
        // Events one second apart, ending an hour ago.
        m_start = QDateTime::currentDateTimeUtc().addSecs(-3600 - kEvents);
        const ApiResult r =
            call(m_client, "POST", "/v1/audit/import", fixtureCsv(kEvents, m_start, 1000));
        QVERIFY2(r.ok(), qPrintable(r.describeError()));
        QCOMPARE(r.json["imported"].toInt(), kEvents);
    }

    void filterMapsToTheApiParameters()
    {
        AuditFilter f;
        QCOMPARE(f.toQuery(QDateTime::currentDateTimeUtc()).query(), QString());
        QVERIFY(f.isEmpty());
        const QDateTime now(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
        f.range = AuditFilter::Range::LastHour;
        f.action = "workflow.job.*";
        f.actor = "user 1&2";
        f.target = "p-3";
        f.success = false;
        f.text = "alpha+beta";
        QCOMPARE(f.toQuery(now).query(QUrl::FullyEncoded),
                 "since=2026-03-01T11:00:00.000Z&action=workflow.job.*&actor=user%201%262"
                 "&target=p-3&success=false&q=alpha%2Bbeta");
        f.range = AuditFilter::Range::Last30Days;
        QCOMPARE(f.toQuery(now).queryItemValue("since"), "2026-01-30T12:00:00.000Z");
        f = {};
        f.range = AuditFilter::Range::Custom;
        f.customSince = QDateTime(QDate(2026, 1, 2), QTime(3, 4), Qt::UTC);
        f.customUntil = QDateTime(QDate(2026, 1, 3), QTime(0, 0), Qt::UTC);
        QCOMPARE(f.toQuery(now).query(),
                 "since=2026-01-02T03:04:00.000Z&until=2026-01-03T00:00:00.000Z");
        QVERIFY(f.validate().isEmpty());
        std::swap(f.customSince, f.customUntil);
        QCOMPARE(f.validate().size(), 1);
        f = {};
        f.action = "Workflow Job";
        QVERIFY(f.validate().constFirst().contains("Workflow Job"));
        f.action = "workflow.job.*";
        f.text = "--";
        QVERIFY(f.validate().constFirst().contains("no letters or digits"));
        QVERIFY(AuditFilter::knownActions().contains("audit_log.view"));
        QVERIFY(AuditFilter::knownActions().contains("context.env_var.store"));
    }

    void newestFirstTheSameRowsAsTheApi()
    {
        auto model = newModel();
        NoFetchProxy proxy(model.get());
        QAbstractItemModelTester tester(&proxy);
        AuditFilter f;
        f.action = "workflow.job.*";
        f.success = true;
        QVERIFY(model->setFilter(f).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(loaded(*model), 20000);
        QCOMPARE(model->rowCount(), model->pageSize());
        QCOMPARE(model->query().query(), "action=workflow.job.*&success=true");
        const QStringList api = apiIds(model->query());
        QCOMPARE(modelIds(*model), api.mid(0, model->pageSize()));
        // workflow.job.start and .finish, minus every fifth event (failed).
        QCOMPARE(model->totalKind(), "exact");
        QCOMPARE(model->total(), api.size());
        QCOMPARE(model->totalText(), QString("%1 events").arg(QLocale().toString(api.size())));
        for (int row = 1; row < model->rowCount(); ++row)
            QVERIFY(model->data(model->index(row - 1, 0), AuditTableModel::SortRole).toLongLong() >=
                    model->data(model->index(row, 0), AuditTableModel::SortRole).toLongLong());
        QVERIFY(model->data(model->index(0, AuditTableModel::Action))
                    .toString()
                    .startsWith("workflow.job."));
        QCOMPARE(model->data(model->index(0, AuditTableModel::Success)).toString(), "yes");
        QCOMPARE(model->event(0)["id"].toString(), model->idAt(0));
        QCOMPARE(model->rowOf(model->idAt(7)), 7);
    }

    void scrollsToTheOldestAndBackInABoundedWindow()
    {
        auto model = newModel();
        model->setPageSize(100);
        model->setMaxRows(300);
        QStringList seen; // every row that came into the window at the bottom, in order
        int largest = 0;
        connect(model.get(), &QAbstractItemModel::modelReset, this,
                [&] { seen = modelIds(*model); });
        connect(model.get(), &QAbstractItemModel::rowsInserted, this,
                [&](const QModelIndex &, int first, int last) {
                    largest = std::max(largest, model->rowCount());
                    if (first == 0)
                        return;
                    for (int row = first; row <= last; ++row)
                        seen << model->idAt(row);
                });
        AuditFilter f;
        f.actor = "user-3";
        {
            // The tester pages down to the oldest event by itself, as a view kept at the end.
            QAbstractItemModelTester tester(model.get());
            QVERIFY(model->setFilter(f).isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(model->holdsOldest() && loaded(*model), 60000);
        }
        const QStringList api = apiIds(model->query());
        QVERIFY2(api.size() > 400, qPrintable(QString::number(api.size())));
        QVERIFY(!model->holdsNewest());
        QVERIFY2(largest <= 300, qPrintable(QString::number(largest)));
        QCOMPARE(model->rowCount(), 300 - (300 - api.size() % 100) % 100);
        QCOMPARE(seen, api); // every event once, newest to oldest, none skipped
        QCOMPARE(model->idAt(model->rowCount() - 1), api.last());

        // And back up: pages come in at the top, the oldest leave at the bottom.
        disconnect(model.get(), nullptr, this, nullptr);
        NoFetchProxy proxy(model.get());
        QAbstractItemModelTester tester(&proxy);
        QStringList upward = modelIds(*model);
        connect(model.get(), &QAbstractItemModel::rowsInserted, this,
                [&](const QModelIndex &, int first, int last) {
                    QCOMPARE(first, 0);
                    for (int row = last; row >= first; --row)
                        upward.prepend(model->idAt(row));
                });
        QSignalSpy shifted(model.get(), &AuditTableModel::rowsShiftedAtTop);
        QVERIFY(model->canFetchNewer());
        while (model->canFetchNewer()) {
            model->fetchNewer();
            QTRY_VERIFY_WITH_TIMEOUT(loaded(*model), 20000);
            QVERIFY(model->rowCount() <= 300);
        }
        QVERIFY(model->holdsNewest());
        QVERIFY(!model->holdsOldest());
        QVERIFY(!shifted.isEmpty());
        QCOMPARE(shifted.constFirst().at(0).toInt(), 100);
        QCOMPARE(shifted.constFirst().at(1).toBool(), false);
        QCOMPARE(model->idAt(0), api.first());
        QCOMPARE(upward, api);
        QCOMPARE(modelIds(*model), api.mid(0, 300));
    }

    void jumpsToATime()
    {
        auto model = newModel();
        NoFetchProxy proxy(model.get());
        QAbstractItemModelTester tester(&proxy);
        AuditFilter f;
        f.target = "project-4";
        QVERIFY(model->setFilter(f).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(loaded(*model), 20000);
        // Half way through the fixture: the newest event of project-4 before it.
        const QDateTime at = m_start.addSecs(kEvents / 2).addMSecs(500);
        model->jumpTo(at);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(*model), 20000);
        QUrlQuery q = model->query();
        q.addQueryItem("until", at.toString("yyyy-MM-ddTHH:mm:ss.zzzZ"));
        const QStringList api = apiIds(q);
        QCOMPARE(model->idAt(0), api.first());
        QVERIFY(!model->holdsNewest());
        QVERIFY(model->canFetchNewer());
        model->fetchNewer();
        QTRY_VERIFY_WITH_TIMEOUT(loaded(*model), 20000);
        QCOMPARE(model->idAt(model->rowOf(api.first()) - 1).isEmpty(), false);
    }

    void refusesABadFilter()
    {
        auto model = newModel();
        QAbstractItemModelTester tester(model.get());
        AuditFilter f;
        f.action = "Not An Action";
        const QStringList problems = model->setFilter(f);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(model->state(), AuditTableModel::State::Idle);
        QCOMPARE(model->rowCount(), 0);
    }

    void newEventsComeInLiveAtTheTop()
    {
        auto model = newModel();
        NoFetchProxy proxy(model.get());
        QAbstractItemModelTester tester(&proxy);
        model->connectTo(QUrl(m_daemon.address()), m_daemon.token(), {});
        AuditFilter f;
        f.action = "context.create";
        QVERIFY(model->setFilter(f).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(loaded(*model), 20000);
        QTest::qWait(1500); // the event stream is up
        const QString before = model->idAt(0);
        // One context.create now (index 3 of the fixture's actions).
        QVERIFY(call(m_client, "POST", "/v1/audit/import",
                     fixtureCsv(1, QDateTime::currentDateTimeUtc(), 0, 3))
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(model->idAt(1) == before, 10000);
        QCOMPARE(model->data(model->index(0, AuditTableModel::Action)).toString(),
                 "context.create");
        QCOMPARE(model->newEventCount(), 0);

        // Scrolled away from the top: counted, not inserted (two context.create among seven).
        model->setFollowingNewest(false);
        const QString top = model->idAt(0);
        QVERIFY(call(m_client, "POST", "/v1/audit/import",
                     fixtureCsv(7, QDateTime::currentDateTimeUtc(), 1, 3))
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(model->newEventCount(), 2, 10000);
        QCOMPARE(model->idAt(0), top);
        // Back at the top, they come in.
        model->setFollowingNewest(true);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowOf(top), 2, 10000);
        QCOMPARE(model->newEventCount(), 0);
        // Events outside the filter never show.
        QVERIFY(call(m_client, "POST", "/v1/audit/import",
                     fixtureCsv(1, QDateTime::currentDateTimeUtc(), 0, 0))
                    .ok());
        QTest::qWait(2000);
        QCOMPARE(model->rowOf(top), 2);
    }

    void unreachableIsAStateAndKeepsTheRows()
    {
        ControlPlaneClient client;
        client.setAddress(QUrl(m_daemon.address()));
        client.setToken(m_daemon.token());
        AuditTableModel model(&client);
        NoFetchProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy);
        QVERIFY(model.setFilter({}).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model), 20000);
        const QString top = model.idAt(0);
        const int rows = model.rowCount();
        client.setAddress(QUrl("http://127.0.0.1:1")); // gantryd gone
        QSignalSpy errors(&model, &AuditTableModel::errorOccurred);
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QTRY_COMPARE_WITH_TIMEOUT(model.state(), AuditTableModel::State::Failed, 10000);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(model.lastError().contains("127.0.0.1:1"), qPrintable(model.lastError()));
        QCOMPARE(model.rowCount(), rows);
        QCOMPARE(model.idAt(0), top);
        // A filter that cannot be read leaves the rows and the query they came from.
        AuditFilter other;
        other.actor = "user-2";
        QVERIFY(model.setFilter(other).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(model.state(), AuditTableModel::State::Failed, 10000);
        QCOMPARE(model.query().query(), QString());
        QVERIFY(model.filter().actor.isEmpty());
        QCOMPARE(model.idAt(0), top);
        // Back: paging goes on from where it stopped.
        client.setAddress(QUrl(m_daemon.address()));
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model), 20000);
        QCOMPARE(model.rowCount(), rows + model.pageSize());
        // and a reload reads the filter that was asked for.
        model.reload();
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model), 20000);
        QCOMPARE(model.query().query(), "actor=user-2");
        QCOMPARE(model.event(0)["actor"].toObject()["name"].toString(), "user-2");
    }

    void openingTheBrowserIsAudited()
    {
        auto model = newModel();
        AuditFilter f;
        f.actor = "user-5";
        QVERIFY(model->setFilter(f).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(loaded(*model), 20000);
        model->fetchMore({});
        QTRY_VERIFY_WITH_TIMEOUT(loaded(*model), 20000);
        const ApiResult r = call(m_client, "GET", "/v1/audit?action=audit_log.view&limit=1000");
        QVERIFY2(r.ok(), qPrintable(r.describeError()));
        int views = 0;
        for (const QJsonValue &e : r.json["events"].toArray())
            views += e["payload"]["filters"]["actor"].toString() == "user-5";
        QCOMPARE(views, 1); // the first page; paging on with cursors is the same view
    }
};

QTEST_GUILESS_MAIN(TestAuditTableModel)
#include "tst_audittablemodel.moc"
