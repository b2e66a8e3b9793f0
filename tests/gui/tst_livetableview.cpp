// The live table view offscreen: filter, sort by raw values, column visibility that persists,
// and selection that survives live updates.
#include "livesortproxy.h"
#include "livetabledelegate.h"
#include "livetablemodel.h"
#include "livetableview.h"

#include <QApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QPainter>
#include <QProxyStyle>
#include <QSettings>
#include <QStyledItemDelegate>
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
    void delegatePaintsAsTheStyleDoes()
    {
        // The cached text must look exactly like the style's: plain, right-aligned, selected,
        // alternate, elided (left- and right-aligned, with each elide mode) and focused cells,
        // pixel for pixel.
        QList<LiveTableModel::Column> cols = columns();
        cols[1].alignment = Qt::AlignRight | Qt::AlignVCenter;
        cols.append(
            {"note", "Note", [](const QJsonObject &o) { return o["note"].toString(); }, {}});
        cols.append({"tail", "Tail", [](const QJsonObject &o) { return o["note"].toString(); },
                     {}, Qt::AlignRight | Qt::AlignVCenter});
        LiveTableModel model(cols);
        LiveTableView table(&model, "test-delegate");
        for (int i = 0; i < 30; ++i)
            model.upsert({{"id", QString::number(i)},
                          {"name", QStringLiteral("node-%1").arg(i)},
                          {"allocs", i * 37},
                          {"note", i % 3 ? QStringLiteral("a note far too long for its column")
                                         : QString()}});
        model.flush();
        table.resize(420, 500);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        QTableView *view = table.view();
        view->setColumnWidth(0, 120);
        view->setColumnWidth(1, 80);
        view->selectRow(4);
        view->setCurrentIndex(view->model()->index(7, 1));
        view->setColumnWidth(3, 90);
        view->setFocus();
        auto *delegate = qobject_cast<LiveTableDelegate *>(view->itemDelegate());
        QVERIFY(delegate);
        QStyledItemDelegate styled;
        for (const Qt::TextElideMode mode : {Qt::ElideRight, Qt::ElideLeft, Qt::ElideMiddle}) {
            view->setTextElideMode(mode);
            view->setItemDelegate(delegate);
            const QImage cached = view->viewport()->grab().toImage();
            const QImage again = view->viewport()->grab().toImage(); // from the kept texts
            view->setItemDelegate(&styled);
            const QImage reference = view->viewport()->grab().toImage();
            QCOMPARE(cached.size(), reference.size());
            QVERIFY2(cached == reference, qPrintable(QStringLiteral("elide mode %1").arg(mode)));
            QVERIFY(again == reference);
        }
    }
    // The item panel is skipped only where the style draws nothing: a style that does paint
    // unselected cells' panels (here: alternate rows and hovered cells) looks the same with
    // the delegate as with QStyledItemDelegate.
    void delegateKeepsPanelsTheStyleDraws()
    {
        class PanelStyle final : public QProxyStyle
        {
        public:
            using QProxyStyle::QProxyStyle;
            void drawPrimitive(PrimitiveElement element, const QStyleOption *option,
                               QPainter *painter, const QWidget *widget) const override
            {
                const auto *item = qstyleoption_cast<const QStyleOptionViewItem *>(option);
                if (element == PE_PanelItemViewItem && item &&
                    ((item->features & QStyleOptionViewItem::Alternate) ||
                     (item->state & State_MouseOver)))
                    painter->fillRect(option->rect.adjusted(2, 2, -2, -2), QColor(200, 90, 40));
                QProxyStyle::drawPrimitive(element, option, painter, widget);
            }
        };
        LiveTableModel model(columns());
        LiveTableView table(&model, "test-panels");
        for (int i = 0; i < 12; ++i)
            model.upsert({{"id", QString::number(i)},
                          {"name", QStringLiteral("node-%1").arg(i)},
                          {"allocs", i}});
        model.flush();
        PanelStyle style(QApplication::style()->name());
        table.view()->setStyle(&style);
        table.resize(300, 300);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        QTableView *view = table.view();
        view->selectRow(1);
        auto *delegate = qobject_cast<LiveTableDelegate *>(view->itemDelegate());
        QVERIFY(delegate);
        const QImage cached = view->viewport()->grab().toImage();
        QStyledItemDelegate styled;
        view->setItemDelegate(&styled);
        const QImage reference = view->viewport()->grab().toImage();
        QVERIFY(cached == reference);
        const QRect alternate = view->visualRect(view->model()->index(3, 0));
        QCOMPARE(cached.pixelColor(alternate.right() - 4, alternate.center().y()),
                 QColor(200, 90, 40)); // an alternate row: the style's panel is there
        view->setItemDelegate(delegate);
        QVERIFY(view->viewport()->grab().toImage() == reference); // and from the kept answers
        view->setStyle(nullptr);
    }
};

QTEST_MAIN(TestLiveTableView)
#include "tst_livetableview.moc"
