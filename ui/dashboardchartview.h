// The dashboard's two charts: jobs pending and running over the chosen range (each series
// replaced wholesale from its ring buffer) and running allocations on the busiest nodes.
#pragma once

#include <QWidget>

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace gantry {

class DashboardModel;

class DashboardChartView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardChartView)
public:
    explicit DashboardChartView(DashboardModel *model, QWidget *parent = nullptr);

    void refresh(int range); // DashboardModel::Range
    int pendingPointCount() const;

private:
    DashboardModel *m_model;
    QLineSeries *m_pending;
    QLineSeries *m_running;
    QDateTimeAxis *m_time;
    QValueAxis *m_jobs;
    QBarSet *m_allocs;
    QBarCategoryAxis *m_nodes;
    QValueAxis *m_allocAxis;
};

} // namespace gantry
