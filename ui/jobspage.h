// The Jobs page: the live jobs table filtered by status, Cancel and Approve on the selection (each
// confirmed, with what it will do), "Run a pipeline…", and the selected job's details and logs.
#pragma once

#include <QWidget>
#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QToolBar;

namespace gantry {

class AllocationLog;
class FleetActions;
class FleetFeed;
class JobDetailsPane;
class LiveTableView;
struct BulkResult;

class JobsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobsPage)
public:
    // Asks the admin to confirm (title, sentence); default: a question box.
    using Confirm = std::function<bool(const QString &title, const QString &text)>;

    JobsPage(FleetFeed *feed, FleetActions *actions, AllocationLog *log, QWidget *parent = nullptr);

    LiveTableView *table() const { return m_table; }
    JobDetailsPane *details() const { return m_details; }
    QComboBox *statusFilter() const { return m_status; }
    QAction *cancelAction() const { return m_cancel; }
    QAction *approveAction() const { return m_approve; }
    QAction *runAction() const { return m_run; }
    QString resultText() const;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    // Shows these jobs (a link from the dashboard): clears filters that would hide them.
    void selectJobs(const QStringList &ids);

private:
    QStringList selectedIds(bool (*predicate)(const QJsonObject &)) const;
    bool confirm(const QString &title, const QString &text);
    void updateActions();
    void updateStatus();
    void cancelSelected();
    void approveSelected();
    void runPipeline();
    void report(const QString &what, const BulkResult &result);

    FleetFeed *m_feed;
    FleetActions *m_actions;
    LiveTableView *m_table;
    JobDetailsPane *m_details;
    QToolBar *m_toolbar;
    QComboBox *m_status;
    QAction *m_cancel;
    QAction *m_approve;
    QAction *m_run;
    QLabel *m_result;
    Confirm m_confirm;
};

} // namespace gantry
