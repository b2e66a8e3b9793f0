// The Nodes table: its columns, drain progress on the row, CPU/memory used of allocatable, raw
// values for sorting; wrapped in QAbstractItemModelTester.
#include "fleetfixtures.h"
#include "nodesmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace gantry;

class TestNodesModel final : public QObject
{
    Q_OBJECT
    static int column(const NodesModel &m, const QString &key)
    {
        for (int i = 0; i < m.columns().size(); ++i)
            if (m.columns()[i].key == key)
                return i;
        return -1;
    }

private Q_SLOTS:
    void columnsOfTheIssue()
    {
        NodesModel model;
        QStringList headers;
        for (int c = 0; c < model.columnCount(); ++c)
            headers << model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
        QCOMPARE(headers, (QStringList{"ID", "Name", "Datacenter", "Class", "Drain", "Eligibility",
                                       "Status", "Running allocs", "CPU used", "Memory used"}));
    }

    void cellsAndSortValues()
    {
        NodesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.upsert(fixtures::node("a", 3, 6144));
        model.upsert(fixtures::node("b", 6, 12288));
        model.flush();
        const int a = model.rowOf("a");
        QCOMPARE(model.index(a, column(model, "name")).data().toString(), "name-a");
        QCOMPARE(model.index(a, column(model, "cpu")).data().toString(), "3 / 6");
        QCOMPARE(model.index(a, column(model, "memory")).data().toString(), "6 GB / 12 GB");
        QCOMPARE(model.index(a, column(model, "cpu")).data(LiveTableModel::SortRole).toDouble(),
                 0.5);
        QCOMPARE(model.index(model.rowOf("b"), column(model, "cpu"))
                     .data(LiveTableModel::SortRole)
                     .toDouble(),
                 1.0);
        QCOMPARE(model.index(a, column(model, "status")).data().toString(), "ready");
        QCOMPARE(model.index(a, column(model, "drain")).data().toString(), "no");
        QCOMPARE(model.nameOf("a"), "name-a");
        QCOMPARE(model.nameOf("unknown"), "unknown");
    }

    void drainProgressOnTheRow()
    {
        NodesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QJsonObject n = fixtures::node("a", 4, 8192);
        n["running_allocs"] = 3;
        model.upsert(n);
        model.flush();
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        n["drain"] = true;
        model.upsert(n);
        model.flush();
        QCOMPARE(changed.count(), 1);
        const QModelIndex drain = model.index(0, column(model, "drain"));
        QVERIFY2(drain.data().toString().startsWith("draining: 3 allocation"),
                 qPrintable(drain.data().toString()));
        QCOMPARE(drain.data(LiveTableModel::SortRole).toInt(), 3);
        n["running_allocs"] = 0;
        model.upsert(n);
        model.flush();
        QCOMPARE(drain.data().toString(), "drained");
        QCOMPARE(drain.data(LiveTableModel::SortRole).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestNodesModel)
#include "tst_nodesmodel.moc"
