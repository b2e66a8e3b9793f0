#include "livetableview.h"

#include "livesortproxy.h"
#include "livetabledelegate.h"
#include "livetablemodel.h"

#include <QActionGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace gantry {

LiveTableView::LiveTableView(LiveTableModel *model, const QString &settingsKey, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_settingsKey(settingsKey)
    , m_proxy(new LiveSortProxy(this))
    , m_filter(new QLineEdit(this))
    , m_columns(new QToolButton(this))
    , m_view(new QTableView(this))
    , m_status(new QLabel(this))
{
    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(LiveTableModel::SortRole);

    m_filter->setPlaceholderText(tr("Filter…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter"));
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            [this](const QString &text) { m_proxy->setFilterFixedString(text); });

    // The header takes no focus: this button is the keyboard's way to columns and sorting.
    m_columns->setText(tr("Columns"));
    m_columns->setAccessibleName(tr("Choose columns and sort order"));
    m_columns->setToolTip(tr("Show or hide columns, and sort by a column"));
    m_columns->setPopupMode(QToolButton::InstantPopup);
    m_columns->setFocusPolicy(Qt::StrongFocus);
    auto *columnsMenu = new QMenu(m_columns);
    connect(columnsMenu, &QMenu::aboutToShow, this,
            [this, columnsMenu] { fillColumnsMenu(columnsMenu, true); });
    m_columns->setMenu(columnsMenu);

    // A QTableView, not a QTreeView: after a re-sort a tree view lays out every row again
    // (50,000 rows: several ms per batch), a table view only repaints (tests/bench/README.md).
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new LiveTableDelegate(m_view));
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setCornerButtonEnabled(false);
    m_view->setTabKeyNavigation(false); // Tab leaves the table; arrows move within it
    m_view->setSortingEnabled(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->sortByColumn(0, Qt::AscendingOrder);
    m_view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    connect(m_view->horizontalHeader(), &QHeaderView::customContextMenuRequested, this,
            &LiveTableView::showHeaderMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LiveTableView::selectionChanged);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT activated(index.data(LiveTableModel::IdRole).toString());
    });

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_filter, 1);
    top->addWidget(m_columns);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    // Sort, order and widths are saved as they change (a crash or a kill keeps them too);
    // dragging a column's edge emits a resize per pixel, hence the short delay.
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(500);
    connect(&m_saveTimer, &QTimer::timeout, this, &LiveTableView::saveState);
    const auto later = [this] { m_saveTimer.start(); };
    connect(m_view->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, later);
    connect(m_view->horizontalHeader(), &QHeaderView::sectionMoved, this, later);
    connect(m_view->horizontalHeader(), &QHeaderView::sectionResized, this, later);

    setTabOrder(m_filter, m_columns);
    setTabOrder(m_columns, m_view);
    restoreState();
}

LiveTableView::~LiveTableView()
{
    m_saveTimer.stop();
    saveState();
}

QHeaderView *LiveTableView::header() const
{
    return m_view->horizontalHeader();
}

QStringList LiveTableView::selectedIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        ids << index.data(LiveTableModel::IdRole).toString();
    return ids;
}

void LiveTableView::setStatusText(const QString &text)
{
    m_status->setText(text);
}

void LiveTableView::saveState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("views/%1/header").arg(m_settingsKey),
                      m_view->horizontalHeader()->saveState());
}

void LiveTableView::restoreState()
{
    const QByteArray state =
        QSettings().value(QStringLiteral("views/%1/header").arg(m_settingsKey)).toByteArray();
    if (!state.isEmpty())
        m_view->horizontalHeader()->restoreState(state);
}

void LiveTableView::setColumnVisible(const QString &key, bool visible)
{
    const auto &columns = m_model->columns();
    for (int i = 0; i < columns.size(); ++i)
        if (columns[i].key == key)
            m_view->horizontalHeader()->setSectionHidden(i, !visible);
}

bool LiveTableView::isColumnVisible(const QString &key) const
{
    const auto &columns = m_model->columns();
    for (int i = 0; i < columns.size(); ++i)
        if (columns[i].key == key)
            return !m_view->horizontalHeader()->isSectionHidden(i);
    return false;
}

void LiveTableView::showHeaderMenu(const QPoint &position)
{
    QMenu menu(this);
    menu.setTitle(tr("Columns"));
    fillColumnsMenu(&menu, false);
    menu.exec(m_view->horizontalHeader()->mapToGlobal(position));
}

void LiveTableView::fillColumnsMenu(QMenu *menu, bool withSort)
{
    menu->clear();
    const auto &columns = m_model->columns();
    QHeaderView *header = m_view->horizontalHeader();
    int visible = 0;
    for (int i = 0; i < columns.size(); ++i)
        visible += header->isSectionHidden(i) ? 0 : 1;
    for (int i = 0; i < columns.size(); ++i) {
        QAction *action = menu->addAction(columns[i].header);
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(i));
        // The last visible column stays: a table without columns helps nobody.
        action->setEnabled(!(action->isChecked() && visible == 1));
        connect(action, &QAction::toggled, this, [this, i](bool on) {
            m_view->horizontalHeader()->setSectionHidden(i, !on);
            saveState();
        });
    }
    if (!withSort)
        return;
    QMenu *sortMenu = menu->addMenu(tr("Sort by"));
    auto *group = new QActionGroup(sortMenu);
    for (int i = 0; i < columns.size(); ++i) {
        QAction *action = sortMenu->addAction(columns[i].header);
        action->setCheckable(true);
        action->setChecked(header->sortIndicatorSection() == i);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, i] {
            m_view->sortByColumn(i, m_view->horizontalHeader()->sortIndicatorOrder());
            saveState();
        });
    }
    sortMenu->addSeparator();
    QAction *descending = sortMenu->addAction(tr("Descending"));
    descending->setCheckable(true);
    descending->setChecked(header->sortIndicatorOrder() == Qt::DescendingOrder);
    connect(descending, &QAction::toggled, this, [this](bool on) {
        m_view->sortByColumn(m_view->horizontalHeader()->sortIndicatorSection(),
                             on ? Qt::DescendingOrder : Qt::AscendingOrder);
        saveState();
    });
}

} // namespace gantry
