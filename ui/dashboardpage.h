// The Dashboard: tiles (queued, running, nodes ready/draining/down, median queue time and
// success rate over the last hour), live charts of pending and running jobs over 15 min / 1 h /
// 24 h and of allocations per node, and the queue diagnosis with links to what it is about.
#pragma once

#include <QHash>
#include <QWidget>

class QAbstractButton;
class QButtonGroup;
class QLabel;

namespace gantry {

class DashboardModel;
class DashboardChartView;

class DashboardPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardPage)
public:
    explicit DashboardPage(DashboardModel *model, QWidget *parent = nullptr);

    QString tileText(const QString &key) const; // "queued", "running", "ready", ...
    QString diagnosisText() const;
    QLabel *diagnosisLabel() const { return m_diagnosis; }
    void setRange(int range); // DashboardModel::Range
    int range() const { return m_range; }

Q_SIGNALS:
    void showNodes(const QStringList &ids);
    void showJobs(const QStringList &ids);

private:
    QWidget *addTile(const QString &key, const QString &caption, const QString &toolTip);
    void refresh();
    void refreshCharts();
    void refreshDiagnosis();

    DashboardModel *m_model;
    QHash<QString, QLabel *> m_tiles;
    QButtonGroup *m_ranges;
    DashboardChartView *m_charts;
    QLabel *m_diagnosis;
    int m_range = 0;
};

} // namespace gantry
