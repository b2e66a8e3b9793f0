// The live table view offscreen: filter, sort by raw values, column visibility that persists,
// and selection that survives live updates.
#include "livesortproxy.h"
#include "livetablemodel.h"
#include "livetableview.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace gantry;

class TestLiveTableView final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_config;

    static QList<LiveTableModel::Column> columns()
    {
        return {{"name", "Name", [](const QJsonObject &o) { return o["name"].toString(); }, {}},
                {"allocs", "Allocs",
                 [](const QJsonObject &o) { return QString::number(o["allocs"].toInt()); },
                 [](const QJsonObject &o) { return o["allocs"].toInt(); }}};
    }
    static void fill(LiveTableModel &model)
    {
        const QList<std::pair<QString, int>> rows{{"node-a", 9}, {"node-b", 10}, {"build-c", 2}};
        for (const auto &[name, allocs] : rows)
            model.upsert({{"id", name}, {"name", name}, {"allocs", allocs}});
        model.flush();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
    }
    void filterAndNumericSort()
    {
        LiveTableModel model(columns());
        LiveTableView view(&model, "test-filter");
        fill(model);
        view.filterBox()->setText("node");
        QCOMPARE(view.proxy()->rowCount(), 2);
        view.filterBox()->clear();
        view.view()->sortByColumn(1, Qt::AscendingOrder);
        // 2 < 9 < 10 as numbers, not as text.
        QCOMPARE(view.proxy()->index(0, 0).data().toString(), "build-c");
        QCOMPARE(view.proxy()->index(2, 0).data().toString(), "node-b");
    }
    void columnsAndSortPersist()
    {
        {
            LiveTableModel model(columns());
            LiveTableView view(&model, "test-persist");
            view.setColumnVisible("allocs", false);
            view.view()->sortByColumn(0, Qt::DescendingOrder);
        } // saved on destruction
        LiveTableModel model(columns());
        LiveTableView view(&model, "test-persist");
        QVERIFY(!view.isColumnVisible("allocs"));
        QCOMPARE(view.header()->sortIndicatorOrder(), Qt::DescendingOrder);
    }
    void sortIsSavedWhenItChanges()
    {
        LiveTableModel model(columns());
        LiveTableView view(&model, "test-save-now");
        view.view()->sortByColumn(1, Qt::DescendingOrder);
        // Saved without waiting for the view to go away.
        QTRY_VERIFY(QSettings().contains("views/test-save-now/header"));
        LiveTableModel other(columns());
        LiveTableView second(&other, "test-save-now");
        QCOMPARE(second.header()->sortIndicatorSection(), 1);
        QCOMPARE(second.header()->sortIndicatorOrder(), Qt::DescendingOrder);
    }

    void selectionSurvivesUpdates()
    {
        LiveTableModel model(columns());
        LiveTableView view(&model, "test-select");
        fill(model);
        view.view()->selectionModel()->select(
            view.proxy()->index(
                view.proxy()->mapFromSource(model.index(model.rowOf("node-b"), 0)).row(), 0),
            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(view.selectedIds(), QStringList{"node-b"});
        model.upsert({{"id", "node-b"}, {"name", "node-b"}, {"allocs", 11}});
        model.upsert({{"id", "node-d"}, {"name", "node-d"}, {"allocs", 1}});
        model.remove("build-c");
        model.flush();
        QCOMPARE(view.selectedIds(), QStringList{"node-b"});
    }
};

QTEST_MAIN(TestLiveTableView)
#include "tst_livetableview.moc"
