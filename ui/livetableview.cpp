#include "livetableview.h"

#include "livesortproxy.h"
#include "livetablemodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QTreeView>
#include <QVBoxLayout>

namespace gantry {

LiveTableView::LiveTableView(LiveTableModel *model, const QString &settingsKey, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_settingsKey(settingsKey)
    , m_proxy(new LiveSortProxy(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTreeView(this))
    , m_status(new QLabel(this))
{
    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(LiveTableModel::SortRole);

    m_filter->setPlaceholderText(tr("Filter…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter"));
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            [this](const QString &text) { m_proxy->setFilterFixedString(text); });

    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setSortingEnabled(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAllColumnsShowFocus(true);
    m_view->sortByColumn(0, Qt::AscendingOrder);
    m_view->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setSectionsMovable(true);
    m_view->header()->setStretchLastSection(true);
    connect(m_view->header(), &QHeaderView::customContextMenuRequested, this,
            &LiveTableView::showHeaderMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LiveTableView::selectionChanged);
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT activated(index.data(LiveTableModel::IdRole).toString());
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    restoreState();
}

LiveTableView::~LiveTableView()
{
    saveState();
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
                      m_view->header()->saveState());
}

void LiveTableView::restoreState()
{
    const QByteArray state =
        QSettings().value(QStringLiteral("views/%1/header").arg(m_settingsKey)).toByteArray();
    if (!state.isEmpty())
        m_view->header()->restoreState(state);
}

void LiveTableView::setColumnVisible(const QString &key, bool visible)
{
    const auto &columns = m_model->columns();
    for (int i = 0; i < columns.size(); ++i)
        if (columns[i].key == key)
            m_view->header()->setSectionHidden(i, !visible);
}

bool LiveTableView::isColumnVisible(const QString &key) const
{
    const auto &columns = m_model->columns();
    for (int i = 0; i < columns.size(); ++i)
        if (columns[i].key == key)
            return !m_view->header()->isSectionHidden(i);
    return false;
}

void LiveTableView::showHeaderMenu(const QPoint &position)
{
    QMenu menu(this);
    menu.setTitle(tr("Columns"));
    const auto &columns = m_model->columns();
    int visible = 0;
    for (int i = 0; i < columns.size(); ++i)
        visible += m_view->header()->isSectionHidden(i) ? 0 : 1;
    for (int i = 0; i < columns.size(); ++i) {
        QAction *action = menu.addAction(columns[i].header);
        action->setCheckable(true);
        action->setChecked(!m_view->header()->isSectionHidden(i));
        // The last visible column stays: a table without columns helps nobody.
        action->setEnabled(!(action->isChecked() && visible == 1));
        connect(action, &QAction::toggled, this, [this, i](bool on) {
            m_view->header()->setSectionHidden(i, !on);
            saveState();
        });
    }
    menu.exec(m_view->header()->mapToGlobal(position));
}

} // namespace gantry
