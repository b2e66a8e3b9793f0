// The dashboard's three charts: jobs pending and running and queue time (median and p95) over the
// chosen range (each series replaced wholesale from its ring buffer), and running allocations on
// the busiest nodes.
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
    int queuePointCount() const;

private:
    DashboardModel *m_model;
    QLineSeries *m_pending;
    QLineSeries *m_running;
    QDateTimeAxis *m_time;
    QValueAxis *m_jobs;
    QLineSeries *m_queueMedian;
    QLineSeries *m_queueP95;
    QDateTimeAxis *m_queueTime;
    QValueAxis *m_queueSeconds;
    QBarSet *m_allocs;
    QBarCategoryAxis *m_nodes;
    QValueAxis *m_allocAxis;
};

} // namespace gantry
