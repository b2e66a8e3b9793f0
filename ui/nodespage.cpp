#include "nodespage.h"

#include "draindialog.h"
#include "fleetfeed.h"
#include "livesortproxy.h"
#include "livetableview.h"
#include "nodesmodel.h"
#include "stalebanner.h"
#include "toolbarfocus.h"

#include <QAction>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace gantry {

NodesPage::NodesPage(FleetFeed *feed, FleetActions *actions, QWidget *parent)
    : QWidget(parent)
    , m_feed(feed)
    , m_actions(actions)
    , m_table(new LiveTableView(feed->nodes(), QStringLiteral("nodes"), this))
    , m_toolbar(new QToolBar(tr("Node actions"), this))
    , m_result(new QLabel(this))
{
    setAccessibleName(tr("Nodes"));
    m_drain = m_toolbar->addAction(tr("&Drain…"), this, &NodesPage::drain);
    m_undrain = m_toolbar->addAction(tr("&Undrain"), this, &NodesPage::undrain);
    m_eligibility =
        m_toolbar->addAction(tr("Mark &ineligible"), this, &NodesPage::toggleEligibility);
    m_toolbar->setAccessibleName(tr("Node actions"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // Keyboard: the shortcuts work while the table has focus.
    m_drain->setShortcut(QKeySequence(tr("Ctrl+D")));
    m_undrain->setShortcut(QKeySequence(tr("Ctrl+U")));
    m_eligibility->setShortcut(QKeySequence(tr("Ctrl+E")));
    for (QAction *a : {m_drain, m_undrain, m_eligibility})
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addActions({m_drain, m_undrain, m_eligibility});

    m_result->setWordWrap(true);
    m_result->setAccessibleName(tr("Result of the last action"));
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();
    m_table->view()->setAccessibleName(tr("Nodes table"));
    if (!QSettings().contains(QStringLiteral("views/nodes/header"))) {
        // First run: widths for what the columns hold; afterwards the admin's own widths.
        const QList<std::pair<QString, int>> widths{
            {QStringLiteral("id"), 90},         {QStringLiteral("name"), 100},
            {QStringLiteral("datacenter"), 70}, {QStringLiteral("node_class"), 70},
            {QStringLiteral("drain"), 180},     {QStringLiteral("eligibility"), 80},
            {QStringLiteral("status"), 70},     {QStringLiteral("running_allocs"), 90},
            {QStringLiteral("cpu"), 80}};
        const auto &columns = m_feed->nodes()->columns();
        for (int c = 0; c < columns.size(); ++c)
            for (const auto &[key, width] : widths)
                if (columns[c].key == key)
                    m_table->header()->resizeSection(c, width);
    }

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(new StaleBanner(feed, this));
    layout->addWidget(m_toolbar);
    layout->addWidget(m_result);
    layout->addWidget(m_table, 1);

    // Tab: the actions, then the filter, the column chooser and the table.
    chainTabOrder(makeToolBarTabReachable(m_toolbar) +
                  (QList<QWidget *>()
                   << m_table->filterBox() << m_table->columnsButton() << m_table->view()));

    connect(m_table, &LiveTableView::selectionChanged, this, &NodesPage::updateActions);
    connect(feed->nodes(), &LiveTableModel::flushed, this, [this] {
        updateActions();
        updateStatus();
    });
    connect(feed, &FleetFeed::stateChanged, this, [this] {
        updateActions();
        updateStatus();
    });
    updateActions();
    updateStatus();
}

QList<QJsonObject> NodesPage::selectedNodes() const
{
    QList<QJsonObject> nodes;
    for (const QString &id : m_table->selectedIds()) {
        const int row = m_feed->nodes()->rowOf(id);
        if (row >= 0)
            nodes << m_feed->nodes()->record(row);
    }
    return nodes;
}

QString NodesPage::resultText() const
{
    return m_result->text();
}

void NodesPage::updateActions()
{
    const QList<QJsonObject> nodes = selectedNodes();
    const bool writable = !m_feed->isReadOnly() && !nodes.isEmpty();
    bool anyDrained = false, allEligible = true;
    for (const QJsonObject &n : nodes) {
        anyDrained |= NodesModel::isDraining(n);
        allEligible &=
            n.value(QLatin1String("eligibility")).toString() != QLatin1String("ineligible");
    }
    m_drain->setEnabled(writable);
    m_undrain->setEnabled(writable && anyDrained);
    m_eligibility->setEnabled(writable);
    m_eligibility->setText(allEligible ? tr("Mark &ineligible") : tr("Mark &eligible"));
    m_drain->setToolTip(tr("Stop placing work on the selected nodes, with a deadline for what "
                           "runs on them"));
    m_undrain->setToolTip(tr("Let the selected nodes take new work again"));
    m_eligibility->setToolTip(allEligible
                                  ? tr("Keep the running work but place nothing new on the "
                                       "selected nodes")
                                  : tr("Let the scheduler place work on the selected nodes"));
    if (m_feed->isReadOnly())
        for (QAction *a : {m_drain, m_undrain, m_eligibility})
            a->setToolTip(m_feed->readOnlyReason());
}

void NodesPage::updateStatus()
{
    const int count = m_feed->nodes()->rowCount();
    m_table->setStatusText(tr("%n node(s)", nullptr, count) + QStringLiteral(" · ") +
                           m_feed->freshnessText());
}

void NodesPage::report(const QString &what, const BulkResult &result)
{
    m_result->show();
    if (result.ok()) {
        m_result->setStyleSheet({});
        m_result->setText(
            tr("%1: done for %n node(s).", nullptr, int(result.succeeded.size())).arg(what));
    } else {
        m_result->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
        m_result->setText(tr("%1 failed for %2 of %3 node(s): %4")
                              .arg(what)
                              .arg(result.failures.size())
                              .arg(result.failures.size() + result.succeeded.size())
                              .arg(result.failures.join(QStringLiteral("; "))));
    }
}

void NodesPage::drain()
{
    const QList<QJsonObject> nodes = selectedNodes();
    if (nodes.isEmpty() || m_feed->isReadOnly())
        return;
    std::optional<DrainRequest> request;
    if (m_prompt) {
        request = m_prompt(nodes);
    } else {
        DrainDialog dialog(nodes, this);
        if (dialog.exec() == QDialog::Accepted)
            request = dialog.request();
    }
    if (!request)
        return;
    QStringList ids;
    for (const QJsonObject &n : nodes)
        ids << n.value(QLatin1String("id")).toString();
    m_result->show();
    m_result->setStyleSheet({});
    m_result->setText(tr("Draining %n node(s)…", nullptr, int(ids.size())));
    QPointer<NodesPage> self(this);
    m_actions->drain(ids, *request, [self](const BulkResult &r) {
        if (self)
            self->report(tr("Drain"), r);
    });
}

void NodesPage::undrain()
{
    QStringList ids;
    for (const QJsonObject &n : selectedNodes())
        if (NodesModel::isDraining(n))
            ids << n.value(QLatin1String("id")).toString();
    if (ids.isEmpty() || m_feed->isReadOnly())
        return;
    QPointer<NodesPage> self(this);
    m_actions->undrain(ids, [self](const BulkResult &r) {
        if (self)
            self->report(tr("Undrain"), r);
    });
}

void NodesPage::toggleEligibility()
{
    const QList<QJsonObject> nodes = selectedNodes();
    if (nodes.isEmpty() || m_feed->isReadOnly())
        return;
    bool allEligible = true;
    QStringList ids;
    for (const QJsonObject &n : nodes) {
        allEligible &=
            n.value(QLatin1String("eligibility")).toString() != QLatin1String("ineligible");
        ids << n.value(QLatin1String("id")).toString();
    }
    QPointer<NodesPage> self(this);
    const bool eligible = !allEligible;
    m_actions->setEligibility(ids, eligible, [self, eligible](const BulkResult &r) {
        if (self)
            self->report(eligible ? tr("Mark eligible") : tr("Mark ineligible"), r);
    });
}

void NodesPage::selectNodes(const QStringList &ids)
{
    m_table->filterBox()->clear(); // a filter could hide the very nodes the link is about
    QTableView *view = m_table->view();
    QItemSelection selection;
    QModelIndex first;
    for (const QString &id : ids) {
        const int row = m_feed->nodes()->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_table->proxy()->mapFromSource(m_feed->nodes()->index(row, 0));
        if (!index.isValid())
            continue;
        selection.select(index, index);
        if (!first.isValid() || index.row() < first.row())
            first = index;
    }
    view->selectionModel()->select(selection,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (first.isValid()) {
        view->scrollTo(first);
        view->selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
    }
    view->setFocus();
}

} // namespace gantry
