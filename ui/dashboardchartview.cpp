#include "dashboardchartview.h"

#include "dashboardmodel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QValueAxis>
#include <cmath>

namespace gantry {

namespace {
QChartView *makeView(QChart *chart, const QString &name, QWidget *parent)
{
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation); // live data: animation only lags
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setAccessibleName(name);
    view->setMinimumHeight(220);
    // A picture, not a control: Tab goes from the range buttons to the diagnosis links.
    view->setFocusPolicy(Qt::NoFocus);
    return view;
}
// An axis of counts: whole-number ticks only.
void setCountRange(QValueAxis *axis, double top)
{
    const int max = int(std::ceil(top));
    axis->setRange(0, max);
    if (max <= 10)
        axis->setTickCount(max + 1);
    else
        axis->applyNiceNumbers();
}
} // namespace

DashboardChartView::DashboardChartView(DashboardModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_pending(new QLineSeries(this))
    , m_running(new QLineSeries(this))
    , m_time(new QDateTimeAxis(this))
    , m_jobs(new QValueAxis(this))
    , m_queueMedian(new QLineSeries(this))
    , m_queueP95(new QLineSeries(this))
    , m_queueTime(new QDateTimeAxis(this))
    , m_queueSeconds(new QValueAxis(this))
    , m_allocs(new QBarSet(tr("Running allocations"), this))
    , m_nodes(new QBarCategoryAxis(this))
    , m_allocAxis(new QValueAxis(this))
{
    auto *jobsChart = new QChart;
    jobsChart->setTitle(tr("Jobs pending and running"));
    m_pending->setName(tr("Pending"));
    m_running->setName(tr("Running"));
    m_pending->setColor(QColor(0xd9, 0x7a, 0x00));
    m_running->setColor(QColor(0x1f, 0x6f, 0xd1));
    jobsChart->addSeries(m_pending);
    jobsChart->addSeries(m_running);
    m_time->setFormat(QStringLiteral("HH:mm"));
    m_time->setTickCount(6);
    m_jobs->setLabelFormat(QStringLiteral("%d"));
    m_jobs->setMin(0);
    jobsChart->addAxis(m_time, Qt::AlignBottom);
    jobsChart->addAxis(m_jobs, Qt::AlignLeft);
    for (QLineSeries *s : {m_pending, m_running}) {
        s->attachAxis(m_time);
        s->attachAxis(m_jobs);
    }

    auto *queueChart = new QChart;
    queueChart->setTitle(tr("Queue time"));
    m_queueMedian->setName(tr("Median"));
    m_queueP95->setName(tr("95th percentile"));
    m_queueMedian->setColor(QColor(0x1b, 0x7f, 0x3b));
    m_queueP95->setColor(QColor(0xb3, 0x26, 0x1e));
    queueChart->addSeries(m_queueMedian);
    queueChart->addSeries(m_queueP95);
    m_queueTime->setFormat(QStringLiteral("HH:mm"));
    m_queueTime->setTickCount(6);
    m_queueSeconds->setLabelFormat(tr("%.0f s"));
    m_queueSeconds->setMin(0);
    queueChart->addAxis(m_queueTime, Qt::AlignBottom);
    queueChart->addAxis(m_queueSeconds, Qt::AlignLeft);
    for (QLineSeries *s : {m_queueMedian, m_queueP95}) {
        s->attachAxis(m_queueTime);
        s->attachAxis(m_queueSeconds);
    }

    auto *allocChart = new QChart;
    allocChart->setTitle(tr("Allocations per node (busiest)"));
    auto *bars = new QHorizontalBarSeries(this);
    m_allocs->setColor(QColor(0x1f, 0x6f, 0xd1));
    bars->append(m_allocs);
    allocChart->addSeries(bars);
    m_allocAxis->setLabelFormat(QStringLiteral("%d"));
    m_allocAxis->setMin(0);
    allocChart->addAxis(m_nodes, Qt::AlignLeft);
    allocChart->addAxis(m_allocAxis, Qt::AlignBottom);
    bars->attachAxis(m_nodes);
    bars->attachAxis(m_allocAxis);
    allocChart->legend()->hide();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(makeView(jobsChart, tr("Chart of jobs pending and running"), this), 1);
    auto *queueView =
        makeView(queueChart, tr("Chart of queue time, median and 95th percentile"), this);
    queueView->setToolTip(tr("Seconds from submission to start of the jobs that started in the "
                             "minute before each point (in the bucket, over 24 h)"));
    layout->addWidget(queueView, 1);
    layout->addWidget(makeView(allocChart, tr("Chart of allocations per node"), this), 1);
}

int DashboardChartView::pendingPointCount() const
{
    return int(m_pending->count());
}

int DashboardChartView::queuePointCount() const
{
    return int(m_queueMedian->count());
}

void DashboardChartView::refresh(int range)
{
    const auto r = DashboardModel::Range(range);
    const RingSeries &pending = m_model->pending(r);
    const RingSeries &running = m_model->running(r);
    // One replace per series per update: the chart redraws once, whatever the point count.
    m_pending->replace(pending.points());
    m_running->replace(running.points());
    const QDateTime now = QDateTime::currentDateTime();
    m_time->setRange(now.addMSecs(-pending.spanMs()), now);
    const double top = std::max({4.0, pending.maxValue(), running.maxValue()});
    setCountRange(m_jobs, top * 1.15);

    m_queueMedian->replace(m_model->queueMedian(r).points());
    m_queueP95->replace(m_model->queueP95(r).points());
    m_queueTime->setRange(now.addMSecs(-pending.spanMs()), now);
    const double slowest = std::max(10.0, m_model->queueP95(r).maxValue());
    m_queueSeconds->setRange(0, std::ceil(slowest * 1.15));
    m_queueSeconds->applyNiceNumbers();

    const auto busiest = m_model->busiestNodes(10);
    QStringList names;
    QList<qreal> values;
    // Horizontal bars grow upwards: the busiest node goes last to be drawn on top.
    for (auto it = busiest.crbegin(); it != busiest.crend(); ++it) {
        names << it->first;
        values << it->second;
    }
    m_allocs->remove(0, m_allocs->count());
    m_allocs->append(values);
    m_nodes->clear();
    m_nodes->append(names);
    double maxAllocs = 1;
    for (const qreal v : values)
        maxAllocs = std::max(maxAllocs, double(v));
    setCountRange(m_allocAxis, maxAllocs * 1.1);
}

} // namespace gantry
