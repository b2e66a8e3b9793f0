// LiveSortProxy: always the order a full sort would give (checked against one after random
// batches of changes, inserts and removals), one layout change per batch that breaks the order
// and none for a batch that keeps it, persistent indexes that follow their rows, and the filter.
#include "livesortproxy.h"
#include "livetablemodel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace gantry;

class TestLiveSortProxy final : public QObject
{
    Q_OBJECT

    static QList<LiveTableModel::Column> columns()
    {
        return {{"name", "Name", [](const QJsonObject &o) { return o["name"].toString(); }, {}},
                {"score", "Score",
                 [](const QJsonObject &o) { return QString::number(o["score"].toInt()); },
                 [](const QJsonObject &o) { return o["score"].toInt(); }}};
    }
    static QJsonObject row(int id, int score)
    {
        return {{"id", QStringLiteral("r%1").arg(id)},
                {"name", QStringLiteral("row-%1").arg(id)},
                {"score", score}};
    }
    // The proxy's order must be what sorting the shown source rows from scratch gives.
    static void verifySorted(const LiveSortProxy &proxy, const LiveTableModel &model,
                             Qt::SortOrder order)
    {
        QList<std::pair<int, QString>> expected;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QString name = model.index(r, 0).data().toString();
            if (proxy.filterText().isEmpty() || name.contains(proxy.filterText()))
                expected.append({model.index(r, 1).data(LiveTableModel::SortRole).toInt(), name});
        }
        // Ties keep the source order in both directions.
        std::stable_sort(expected.begin(), expected.end(), [order](const auto &a, const auto &b) {
            return order == Qt::AscendingOrder ? a.first < b.first : a.first > b.first;
        });
        QCOMPARE(proxy.rowCount(), expected.size());
        for (int p = 0; p < proxy.rowCount(); ++p)
            QCOMPARE(proxy.index(p, 0).data().toString(), expected[p].second);
        // And both mappings agree, shown rows or not.
        int shown = 0;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QModelIndex at = proxy.mapFromSource(model.index(r, 0));
            if (at.isValid()) {
                ++shown;
                QCOMPARE(proxy.mapToSource(at).row(), r);
            }
        }
        QCOMPARE(shown, proxy.rowCount());
    }

private Q_SLOTS:
    void randomBatchesStaySorted_data()
    {
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("filter");
        QTest::newRow("ascending") << int(Qt::AscendingOrder) << QString();
        QTest::newRow("descending") << int(Qt::DescendingOrder) << QString();
        QTest::newRow("filtered") << int(Qt::AscendingOrder) << QStringLiteral("row-1");
    }
    void randomBatchesStaySorted()
    {
        QFETCH(int, order);
        QFETCH(QString, filter);
        LiveTableModel model(columns());
        LiveSortProxy proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(LiveTableModel::SortRole);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(1, Qt::SortOrder(order));
        proxy.setFilterFixedString(filter);
        QRandomGenerator random(7);
        int next = 0;
        for (int i = 0; i < 300; ++i)
            model.upsert(row(next++, int(random.bounded(50))));
        model.flush();
        verifySorted(proxy, model, Qt::SortOrder(order));
        for (int batch = 0; batch < 40; ++batch) {
            // Few or many changes, some inserts and removals: both code paths of each.
            const int changes = batch % 2 ? 3 : 60;
            for (int k = 0; k < changes; ++k)
                model.upsert(row(int(random.bounded(next)), int(random.bounded(50))));
            for (int k = 0; k < (batch % 3) * 7; ++k)
                model.upsert(row(next++, int(random.bounded(50))));
            for (int k = 0; k < (batch % 4) * 5; ++k)
                model.remove(QStringLiteral("r%1").arg(random.bounded(next)));
            model.flush();
            verifySorted(proxy, model, Qt::SortOrder(order));
        }
        proxy.setFilterFixedString({});
        verifySorted(proxy, model, Qt::SortOrder(order));
    }

    void oneLayoutChangePerBatchAndNoneWhenOrderHolds()
    {
        LiveTableModel model(columns());
        LiveSortProxy proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(LiveTableModel::SortRole);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(1);
        for (int i = 0; i < 100; ++i)
            model.upsert(row(i, i * 10));
        model.flush();
        QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
        QSignalSpy changed(&proxy, &QAbstractItemModel::dataChanged);
        QSignalSpy resets(&proxy, &QAbstractItemModel::modelReset);
        // Scores move within their gaps: the order holds, so only dataChanged.
        for (int i = 0; i < 100; i += 2)
            model.upsert(row(i, i * 10 + 1));
        model.flush();
        QCOMPARE(layouts.count(), 0);
        QVERIFY(changed.count() >= 1);
        // 50 rows jump across others: one layout change for the whole batch.
        for (int i = 0; i < 100; i += 2)
            model.upsert(row(i, 1000 - i * 10));
        model.flush();
        QCOMPARE(layouts.count(), 1);
        QCOMPARE(resets.count(), 0);
        verifySorted(proxy, model, Qt::AscendingOrder);
    }

    void scatteredRemovalsGoTogether()
    {
        LiveTableModel model(columns());
        LiveSortProxy proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(LiveTableModel::SortRole);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(1);
        for (int i = 0; i < 200; ++i)
            model.upsert(row(i, i));
        model.flush();
        const QPersistentModelIndex kept = proxy.index(101, 0);
        QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
        QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
        // 50 separate runs at the source: one layout change and one removal here.
        for (int i = 0; i < 200; i += 4)
            model.remove(QStringLiteral("r%1").arg(i));
        model.flush();
        QCOMPARE(removed.count(), 1);
        QCOMPARE(layouts.count(), 1);
        QCOMPARE(proxy.rowCount(), 150);
        QCOMPARE(kept.data().toString(), "row-101");
        verifySorted(proxy, model, Qt::AscendingOrder);
        // A few runs: removed run by run, no layout change.
        model.remove("r1");
        model.remove("r2");
        model.flush();
        QCOMPARE(layouts.count(), 1);
        QCOMPARE(removed.count(), 2);
        verifySorted(proxy, model, Qt::AscendingOrder);
    }

    void persistentIndexesFollowTheirRows()
    {
        LiveTableModel model(columns());
        LiveSortProxy proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(LiveTableModel::SortRole);
        proxy.sort(1);
        for (int i = 0; i < 50; ++i)
            model.upsert(row(i, i));
        model.flush();
        const QPersistentModelIndex selected = proxy.index(10, 0);
        QCOMPARE(selected.data().toString(), "row-10");
        for (int i = 0; i < 50; i += 3)
            model.upsert(row(i, 100 - i)); // row 10 stays, others jump over it
        model.upsert(row(10, 500));        // and then row 10 itself goes last
        for (int i = 50; i < 70; ++i)
            model.upsert(row(i, i % 7));
        model.remove("r11");
        model.flush();
        QVERIFY(selected.isValid());
        QCOMPARE(selected.data().toString(), "row-10");
        QCOMPARE(selected.row(), proxy.rowCount() - 1);
    }
};

QTEST_GUILESS_MAIN(TestLiveSortProxy)
#include "tst_livesortproxy.moc"
