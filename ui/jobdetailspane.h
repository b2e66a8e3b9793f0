// The lower half of the Jobs page: the selected job's fields, its allocations (from
// GET /v1/job/:id, then kept current by Allocation events) and the log of the chosen allocation.
#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QTreeWidget;

namespace gantry {

class AllocationLog;
class FleetActions;
class FleetFeed;
class LogViewer;

class JobDetailsPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobDetailsPane)
public:
    JobDetailsPane(FleetFeed *feed, FleetActions *actions, AllocationLog *log,
                   QWidget *parent = nullptr);

    void setJob(const QString &jobId);
    QString jobId() const { return m_jobId; }
    QTreeWidget *allocations() const { return m_allocations; }
    LogViewer *logViewer() const { return m_logViewer; }
    QString summaryText() const;
    // Opens the log of this allocation (it must be one of the job's).
    void showAllocation(const QString &allocationId);

private:
    void refreshSummary();
    void refreshAllocations();
    void onAllocationChanged(const QJsonObject &allocation);
    void openCurrentAllocation();

    FleetFeed *m_feed;
    FleetActions *m_actions;
    AllocationLog *m_log;
    QString m_jobId;
    QLabel *m_summary;
    QTreeWidget *m_allocations;
    LogViewer *m_logViewer;
};

} // namespace gantry
