#include "jobspage.h"

#include "fleetactions.h"
#include "fleetfeed.h"
#include "jobdetailspane.h"
#include "jobsmodel.h"
#include "livesortproxy.h"
#include "livetableview.h"
#include "runpipelinedialog.h"
#include "stalebanner.h"
#include "toolbarfocus.h"

#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gantry {

namespace {
bool cancellable(const QJsonObject &job)
{
    return job.value(QLatin1String("status")).toString() != QLatin1String("dead");
}
bool approvable(const QJsonObject &job)
{
    return job.value(QLatin1String("status")).toString() == QLatin1String("pending") &&
           job.value(QLatin1String("on_hold")).toBool();
}
} // namespace

JobsPage::JobsPage(FleetFeed *feed, FleetActions *actions, AllocationLog *log, QWidget *parent)
    : QWidget(parent)
    , m_feed(feed)
    , m_actions(actions)
    , m_table(new LiveTableView(feed->jobs(), QStringLiteral("jobs"), this))
    , m_details(new JobDetailsPane(feed, actions, log, this))
    , m_toolbar(new QToolBar(tr("Job actions"), this))
    , m_status(new QComboBox(this))
    , m_result(new QLabel(this))
{
    setAccessibleName(tr("Jobs"));
    for (const QString &filter : JobsModel::statusFilters())
        m_status->addItem(JobsModel::statusFilterLabel(filter), filter);
    m_status->setAccessibleName(tr("Status filter"));
    m_status->setCurrentIndex(m_status->findData(feed->jobs()->statusFilter()));
    auto *statusLabel = new QLabel(tr("&Show:"), this);
    statusLabel->setBuddy(m_status);
    m_toolbar->addWidget(statusLabel);
    m_toolbar->addWidget(m_status);
    m_toolbar->addSeparator();
    m_cancel = m_toolbar->addAction(tr("&Cancel…"), this, &JobsPage::cancelSelected);
    m_approve = m_toolbar->addAction(tr("&Approve…"), this, &JobsPage::approveSelected);
    m_toolbar->addSeparator();
    m_run = m_toolbar->addAction(tr("&Run a pipeline…"), this, &JobsPage::runPipeline);
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolbar->setAccessibleName(tr("Job actions"));
    m_cancel->setShortcut(QKeySequence(tr("Ctrl+K")));
    m_approve->setShortcut(QKeySequence(tr("Ctrl+Shift+A")));
    m_run->setShortcut(QKeySequence(tr("Ctrl+R")));
    for (QAction *a : {m_cancel, m_approve, m_run})
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addActions({m_cancel, m_approve, m_run});

    m_result->setWordWrap(true);
    m_result->setAccessibleName(tr("Result of the last action"));
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();
    m_table->view()->setAccessibleName(tr("Jobs table"));
    if (!QSettings().contains(QStringLiteral("views/jobs/header"))) {
        // First run: newest first, widths for what the columns hold; afterwards the admin's own.
        const QList<std::pair<QString, int>> widths{
            {QStringLiteral("id"), 90},        {QStringLiteral("name"), 100},
            {QStringLiteral("workflow"), 90},  {QStringLiteral("status"), 70},
            {QStringLiteral("outcome"), 70},   {QStringLiteral("resource_class"), 100},
            {QStringLiteral("nodes"), 110},    {QStringLiteral("submitted_at"), 80},
            {QStringLiteral("queue_time"), 80}};
        const auto &columns = feed->jobs()->columns();
        for (int c = 0; c < columns.size(); ++c) {
            for (const auto &[key, width] : widths)
                if (columns[c].key == key)
                    m_table->header()->resizeSection(c, width);
            if (columns[c].key == QLatin1String("submitted_at"))
                m_table->view()->sortByColumn(c, Qt::DescendingOrder);
        }
    }

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(new StaleBanner(feed, this));
    layout->addWidget(m_toolbar);
    layout->addWidget(m_result);
    layout->addWidget(splitter, 1);

    // Tab: the status filter and actions, the filter box, the column chooser, the table, then
    // the details below it (their own order).
    chainTabOrder(makeToolBarTabReachable(m_toolbar) +
                  (QList<QWidget *>() << m_table->filterBox() << m_table->columnsButton()
                                      << m_table->view() << m_details->allocations()));

    connect(m_status, &QComboBox::currentIndexChanged, this,
            [this] { m_feed->jobs()->setStatusFilter(m_status->currentData().toString()); });
    connect(m_table, &LiveTableView::selectionChanged, this, [this] {
        updateActions();
        const QModelIndex current = m_table->view()->currentIndex();
        const QStringList ids = m_table->selectedIds();
        m_details->setJob(current.isValid() && !ids.isEmpty()
                              ? current.data(LiveTableModel::IdRole).toString()
                              : (ids.isEmpty() ? QString() : ids.first()));
    });
    connect(feed->jobs(), &LiveTableModel::flushed, this, [this] {
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

QString JobsPage::resultText() const
{
    return m_result->text();
}

QStringList JobsPage::selectedIds(bool (*predicate)(const QJsonObject &)) const
{
    QStringList ids;
    for (const QString &id : m_table->selectedIds())
        if (predicate(m_feed->jobs()->job(id)))
            ids << id;
    return ids;
}

bool JobsPage::confirm(const QString &title, const QString &text)
{
    if (m_confirm)
        return m_confirm(title, text);
    return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::No,
                                 QMessageBox::No) == QMessageBox::Yes;
}

void JobsPage::updateActions()
{
    const bool writable = !m_feed->isReadOnly();
    const int cancel = int(selectedIds(cancellable).size());
    const int approve = int(selectedIds(approvable).size());
    m_cancel->setEnabled(writable && cancel > 0);
    m_approve->setEnabled(writable && approve > 0);
    m_run->setEnabled(writable);
    m_cancel->setText(cancel > 1 ? tr("&Cancel %n job(s)…", nullptr, cancel) : tr("&Cancel…"));
    m_approve->setText(approve > 1 ? tr("&Approve %n job(s)…", nullptr, approve) : tr("&Approve…"));
    const QString why = m_feed->readOnlyReason();
    for (QAction *a : {m_cancel, m_approve, m_run})
        a->setToolTip(why.isEmpty() ? a->text().remove(QLatin1Char('&')) : why);
}

void JobsPage::updateStatus()
{
    const int shown = m_feed->jobs()->rowCount();
    const int all = int(m_feed->jobs()->allJobs().size());
    const QString count = shown == all ? tr("%n job(s)", nullptr, all)
                                       : tr("%1 of %n job(s)", nullptr, all).arg(shown);
    m_table->setStatusText(count + QStringLiteral(" · ") + m_feed->freshnessText());
}

void JobsPage::report(const QString &what, const BulkResult &result)
{
    m_result->show();
    if (result.ok()) {
        m_result->setStyleSheet({});
        m_result->setText(
            tr("%1: done for %n job(s).", nullptr, int(result.succeeded.size())).arg(what));
    } else {
        m_result->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
        m_result->setText(tr("%1 failed for %2 of %3 job(s): %4")
                              .arg(what)
                              .arg(result.failures.size())
                              .arg(result.failures.size() + result.succeeded.size())
                              .arg(result.failures.join(QStringLiteral("; "))));
    }
}

void JobsPage::cancelSelected()
{
    const QStringList ids = selectedIds(cancellable);
    if (ids.isEmpty() || m_feed->isReadOnly())
        return;
    int running = 0;
    for (const QString &id : ids)
        running += m_feed->jobs()->job(id).value(QLatin1String("status")).toString() ==
                   QLatin1String("running");
    const QString text =
        tr("Cancel %n job(s)?", nullptr, int(ids.size())) + QLatin1Char(' ') +
        (running > 0 ? tr("The steps of %n running job(s) are stopped now.", nullptr, running)
                     : tr("None of them has started yet.")) +
        QLatin1Char(' ') +
        tr("They end with outcome canceled, and jobs that require them are canceled too.");
    if (!confirm(tr("Cancel jobs"), text))
        return;
    QPointer<JobsPage> self(this);
    m_actions->cancelJobs(ids, [self](const BulkResult &r) {
        if (self)
            self->report(tr("Cancel"), r);
    });
}

void JobsPage::approveSelected()
{
    const QStringList ids = selectedIds(approvable);
    if (ids.isEmpty() || m_feed->isReadOnly())
        return;
    QStringList names;
    for (const QString &id : ids)
        names << m_feed->jobs()->job(id).value(QLatin1String("name")).toString();
    const QString text =
        tr("Approve %1? The jobs of the workflow that require it are then scheduled.")
            .arg(names.join(QStringLiteral(", ")));
    if (!confirm(tr("Approve"), text))
        return;
    QPointer<JobsPage> self(this);
    m_actions->approveJobs(ids, [self](const BulkResult &r) {
        if (self)
            self->report(tr("Approve"), r);
    });
}

void JobsPage::runPipeline()
{
    RunPipelineDialog dialog(m_actions, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_result->show();
    m_result->setStyleSheet({});
    m_result->setText(dialog.resultText());
    selectJobs(dialog.submittedJobIds());
}

void JobsPage::selectJobs(const QStringList &ids)
{
    JobsModel *jobs = m_feed->jobs();
    bool hidden = false;
    for (const QString &id : ids)
        hidden |= jobs->allJobs().contains(id) &&
                  !JobsModel::matches(jobs->job(id), jobs->statusFilter());
    if (hidden)
        m_status->setCurrentIndex(0); // all jobs
    m_table->filterBox()->clear();
    jobs->flush();
    QTableView *view = m_table->view();
    QItemSelection selection;
    QModelIndex first;
    for (const QString &id : ids) {
        const int row = jobs->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_table->proxy()->mapFromSource(jobs->index(row, 0));
        selection.select(index, index);
        if (!first.isValid() || index.row() < first.row())
            first = index;
    }
    if (first.isValid())
        view->selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
    view->selectionModel()->select(selection,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (first.isValid())
        view->scrollTo(first);
    view->setFocus();
}

} // namespace gantry
