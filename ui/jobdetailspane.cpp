#include "jobdetailspane.h"

#include "allocationlog.h"
#include "fleetactions.h"
#include "fleetfeed.h"
#include "fleetformat.h"
#include "jobsmodel.h"
#include "logviewer.h"
#include "nodesmodel.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPointer>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gantry {

namespace {
enum AllocationColumn { Index, Id, Node, Status, ExitCode, Started, Finished, Description };

bool isLive(const QJsonObject &allocation)
{
    const QString s = allocation.value(QLatin1String("client_status")).toString();
    return s == QLatin1String("running") || s == QLatin1String("pending");
}
} // namespace

JobDetailsPane::JobDetailsPane(FleetFeed *feed, FleetActions *actions, AllocationLog *log,
                               QWidget *parent)
    : QWidget(parent)
    , m_feed(feed)
    , m_actions(actions)
    , m_log(log)
    , m_summary(new QLabel(this))
    , m_allocations(new QTreeWidget(this))
    , m_logViewer(new LogViewer(log, this))
{
    setAccessibleName(tr("Job details"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_summary->setAccessibleName(tr("Job summary"));
    m_allocations->setAccessibleName(tr("Allocations of the job"));
    m_allocations->setRootIsDecorated(false);
    m_allocations->setUniformRowHeights(true);
    m_allocations->setAlternatingRowColors(true);
    m_allocations->setHeaderLabels({tr("Index"), tr("Allocation"), tr("Node"), tr("Status"),
                                    tr("Exit code"), tr("Started"), tr("Finished"),
                                    tr("Description")});
    m_allocations->header()->setStretchLastSection(true);
    m_allocations->setMaximumHeight(100);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_allocations);
    layout->addWidget(m_logViewer, 1);

    connect(m_allocations, &QTreeWidget::currentItemChanged, this,
            &JobDetailsPane::openCurrentAllocation);
    connect(m_feed, &FleetFeed::allocationChanged, this, &JobDetailsPane::onAllocationChanged);
    connect(m_feed->jobs(), &LiveTableModel::flushed, this, &JobDetailsPane::refreshSummary);
    refreshSummary();
}

QString JobDetailsPane::summaryText() const
{
    return m_summary->text();
}

void JobDetailsPane::setJob(const QString &jobId)
{
    if (jobId == m_jobId)
        return;
    m_jobId = jobId;
    m_allocations->clear();
    m_log->close();
    refreshSummary();
    if (jobId.isEmpty())
        return;
    refreshAllocations();
    QPointer<JobDetailsPane> self(this);
    m_actions->fetchJob(jobId, [self, jobId](const QJsonObject &job, const QString &error) {
        if (!self || self->m_jobId != jobId)
            return;
        if (!error.isEmpty()) {
            self->m_summary->setText(
                self->m_summary->text() + QStringLiteral("<br>") +
                tr("Could not read the allocations: %1").arg(error.toHtmlEscaped()));
            return;
        }
        self->m_feed->absorbJobDetails(job);
        self->refreshAllocations();
    });
}

void JobDetailsPane::refreshSummary()
{
    const QJsonObject job = m_feed->jobs()->job(m_jobId);
    if (m_jobId.isEmpty() || job.isEmpty()) {
        m_summary->setText(tr("Select a job to see its allocations and logs."));
        return;
    }
    const auto field = [&job](const char *key) {
        return job.value(QLatin1String(key)).toString().toHtmlEscaped();
    };
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList required;
    for (const QJsonValue &r : job.value(QLatin1String("requires")).toArray())
        required << r.toString().toHtmlEscaped();
    QString outcome = FleetFormat::state(field("outcome"));
    QString html =
        tr("<b>%1</b> (%2) of workflow <b>%3</b> · %4%5 · resource class %6 × %7")
            .arg(field("name"), field("id"), field("workflow"), JobsModel::statusText(job),
                 outcome.isEmpty() ? QString() : QStringLiteral(", ") + outcome,
                 field("resource_class"))
            .arg(job.value(QLatin1String("parallelism")).toInt(1));
    html += QStringLiteral("<br>") +
            tr("Submitted %1 · queued %2 · ran %3")
                .arg(FleetFormat::time(
                         FleetFormat::parseTime(job.value(QLatin1String("submitted_at")))),
                     FleetFormat::duration(JobsModel::queueSeconds(job, now)),
                     FleetFormat::duration(JobsModel::durationSeconds(job, now)));
    if (!required.isEmpty())
        html += QStringLiteral(" · ") + tr("requires %1").arg(required.join(QStringLiteral(", ")));
    if (!field("status_description").isEmpty())
        html += QStringLiteral("<br><i>") + field("status_description") + QStringLiteral("</i>");
    m_summary->setText(html);
}

void JobDetailsPane::refreshAllocations()
{
    const QList<QJsonObject> allocations = m_feed->allocationsOf(m_jobId);
    // Rows are updated in place so the current allocation (and its open log) stays.
    for (const QJsonObject &a : allocations)
        onAllocationChanged(a);
    if (!m_allocations->currentItem() && m_allocations->topLevelItemCount() > 0)
        m_allocations->setCurrentItem(m_allocations->topLevelItem(0));
}

void JobDetailsPane::onAllocationChanged(const QJsonObject &a)
{
    if (a.value(QLatin1String("job_id")).toString() != m_jobId || m_jobId.isEmpty())
        return;
    const QString id = a.value(QLatin1String("id")).toString();
    QTreeWidgetItem *item = nullptr;
    for (int i = 0; i < m_allocations->topLevelItemCount() && !item; ++i)
        if (m_allocations->topLevelItem(i)->data(Id, Qt::UserRole).toString() == id)
            item = m_allocations->topLevelItem(i);
    const bool added = !item;
    if (added) {
        item = new QTreeWidgetItem;
        item->setData(Id, Qt::UserRole, id);
    }
    const QString nodeId = a.value(QLatin1String("node_id")).toString();
    const QJsonValue exitCode = a.value(QLatin1String("exit_code"));
    item->setText(Index, QString::number(a.value(QLatin1String("index")).toInt()));
    item->setText(Id, id);
    item->setText(Node, nodeId.isEmpty() ? tr("(not placed)") : m_feed->nodes()->nameOf(nodeId));
    item->setText(Status, FleetFormat::state(a.value(QLatin1String("client_status")).toString()));
    item->setText(ExitCode, exitCode.isDouble() ? QString::number(exitCode.toInt()) : QString());
    item->setText(Started,
                  FleetFormat::time(FleetFormat::parseTime(a.value(QLatin1String("started_at")))));
    item->setText(Finished,
                  FleetFormat::time(FleetFormat::parseTime(a.value(QLatin1String("finished_at")))));
    item->setText(Description, a.value(QLatin1String("client_description")).toString());
    item->setData(Status, Qt::UserRole, isLive(a));
    if (added) {
        // In slice order.
        int at = 0;
        const int index = a.value(QLatin1String("index")).toInt();
        while (at < m_allocations->topLevelItemCount() &&
               m_allocations->topLevelItem(at)->text(Index).toInt() <= index)
            ++at;
        m_allocations->insertTopLevelItem(at, item);
        if (!m_allocations->currentItem())
            m_allocations->setCurrentItem(item);
    }
    if (m_log->allocationId() == id)
        m_log->setLive(isLive(a));
}

void JobDetailsPane::openCurrentAllocation()
{
    QTreeWidgetItem *item = m_allocations->currentItem();
    if (!item)
        return;
    const QString id = item->data(Id, Qt::UserRole).toString();
    if (id != m_log->allocationId())
        m_log->open(id, item->data(Status, Qt::UserRole).toBool());
}

void JobDetailsPane::showAllocation(const QString &allocationId)
{
    for (int i = 0; i < m_allocations->topLevelItemCount(); ++i)
        if (m_allocations->topLevelItem(i)->data(Id, Qt::UserRole).toString() == allocationId)
            m_allocations->setCurrentItem(m_allocations->topLevelItem(i));
}

} // namespace gantry
