#include "dashboardpage.h"

#include "dashboardchartview.h"
#include "dashboardmodel.h"
#include "fleetfeed.h"
#include "fleetformat.h"
#include "stalebanner.h"

#include <QButtonGroup>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace gantry {

namespace {
const char *kindColor(QueueFinding::Kind kind)
{
    switch (kind) {
    case QueueFinding::Kind::Healthy:
        return "#1b7f3b";
    case QueueFinding::Kind::SchedulerLag:
    case QueueFinding::Kind::NodesUnavailable:
        return "#8a6d00";
    default:
        return "#b3261e";
    }
}
} // namespace

DashboardPage::DashboardPage(DashboardModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_ranges(new QButtonGroup(this))
    , m_charts(new DashboardChartView(model, this))
    , m_diagnosis(new QLabel(this))
{
    setAccessibleName(tr("Dashboard"));
    auto *tiles = new QGridLayout;
    tiles->setSpacing(8);
    const QList<std::tuple<QString, QString, QString>> tileSpecs{
        {QStringLiteral("queued"), tr("Queued"),
         tr("Jobs waiting for a node: pending, not on hold for approval and not waiting for a "
            "job they require")},
        {QStringLiteral("running"), tr("Running"), tr("Jobs with running allocations")},
        {QStringLiteral("ready"), tr("Nodes ready"), tr("Ready, eligible and not draining")},
        {QStringLiteral("draining"), tr("Draining"), tr("Nodes that take no new work")},
        {QStringLiteral("down"), tr("Down"), tr("Nodes down or still initializing")},
        {QStringLiteral("queue_time"), tr("Median queue time (1 h)"),
         tr("Of the jobs that started in the last hour")},
        {QStringLiteral("success"), tr("Success rate (1 h)"),
         tr("Of the jobs that finished in the last hour, canceled ones left out")},
    };
    int column = 0;
    for (const auto &[key, caption, tip] : tileSpecs)
        tiles->addWidget(addTile(key, caption, tip), 0, column++);

    auto *rangeRow = new QHBoxLayout;
    rangeRow->addWidget(new QLabel(tr("Range:"), this));
    for (const auto r : {DashboardModel::Range::Minutes15, DashboardModel::Range::Hour1,
                         DashboardModel::Range::Hours24}) {
        auto *button = new QPushButton(DashboardModel::rangeLabel(r), this);
        button->setCheckable(true);
        button->setAccessibleName(tr("Chart range %1").arg(DashboardModel::rangeLabel(r)));
        m_ranges->addButton(button, int(r));
        rangeRow->addWidget(button);
    }
    m_ranges->button(0)->setChecked(true);
    rangeRow->addStretch(1);
    connect(m_ranges, &QButtonGroup::idClicked, this, &DashboardPage::setRange);

    auto *diagnosisBox = new QGroupBox(tr("Why are jobs queuing?"), this);
    m_diagnosis->setWordWrap(true);
    m_diagnosis->setTextFormat(Qt::RichText);
    m_diagnosis->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse |
                                         Qt::LinksAccessibleByKeyboard);
    m_diagnosis->setAccessibleName(tr("Queue diagnosis"));
    m_diagnosis->setObjectName(QStringLiteral("diagnosis"));
    m_diagnosis->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *diagnosisLayout = new QVBoxLayout(diagnosisBox);
    diagnosisLayout->addWidget(m_diagnosis);
    connect(m_diagnosis, &QLabel::linkActivated, this, [this](const QString &link) {
        const qsizetype colon = link.indexOf(QLatin1Char(':'));
        QStringList ids = link.mid(colon + 1).split(QLatin1Char(','), Qt::SkipEmptyParts);
        // "jobs:#2": the ids of finding 2, too many to spell out in the link.
        if (link.mid(colon + 1).startsWith(QLatin1Char('#'))) {
            const int finding = link.mid(colon + 2).toInt();
            const auto &findings = m_model->diagnosis();
            ids = finding < 0 || finding >= findings.size()  ? QStringList()
                  : link.startsWith(QLatin1String("nodes:")) ? findings[finding].nodeIds
                                                             : findings[finding].jobIds;
        }
        if (link.startsWith(QLatin1String("nodes:")))
            Q_EMIT showNodes(ids);
        else if (link.startsWith(QLatin1String("jobs:")))
            Q_EMIT showJobs(ids);
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(new StaleBanner(model->feed(), this));
    layout->addLayout(tiles);
    layout->addLayout(rangeRow);
    layout->addWidget(m_charts, 1);
    layout->addWidget(diagnosisBox);

    connect(m_model, &DashboardModel::changed, this, &DashboardPage::refresh);
    refresh();
}

QWidget *DashboardPage::addTile(const QString &key, const QString &caption, const QString &toolTip)
{
    auto *frame = new QFrame(this);
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setToolTip(toolTip);
    auto *value = new QLabel(QStringLiteral("–"), frame);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.9);
    big.setBold(true);
    value->setFont(big);
    value->setAlignment(Qt::AlignCenter);
    value->setObjectName(QStringLiteral("tile:") + key);
    auto *label = new QLabel(caption, frame);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    auto *layout = new QVBoxLayout(frame);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(value);
    layout->addWidget(label);
    frame->setAccessibleName(caption);
    value->setAccessibleName(caption);
    m_tiles.insert(key, value);
    return frame;
}

QString DashboardPage::tileText(const QString &key) const
{
    const QLabel *label = m_tiles.value(key);
    return label ? label->text() : QString();
}

QString DashboardPage::diagnosisText() const
{
    return m_diagnosis->text();
}

void DashboardPage::setRange(int range)
{
    m_range = range;
    if (QAbstractButton *b = m_ranges->button(range))
        b->setChecked(true);
    refreshCharts();
}

void DashboardPage::refresh()
{
    const DashboardTiles &t = m_model->tiles();
    const QLocale locale;
    const bool listed = m_model->feed()->lastUpdated().isValid();
    const auto number = [&](int n) { return listed ? locale.toString(n) : QStringLiteral("–"); };
    m_tiles[QStringLiteral("queued")]->setText(number(t.queued));
    m_tiles[QStringLiteral("running")]->setText(number(t.running));
    m_tiles[QStringLiteral("ready")]->setText(number(t.nodesReady));
    m_tiles[QStringLiteral("draining")]->setText(number(t.nodesDraining));
    m_tiles[QStringLiteral("down")]->setText(number(t.nodesDown));
    m_tiles[QStringLiteral("queue_time")]->setText(
        t.medianQueueSeconds ? FleetFormat::duration(*t.medianQueueSeconds) : QStringLiteral("–"));
    m_tiles[QStringLiteral("success")]->setText(
        t.successRate ? locale.toString(*t.successRate * 100, 'f', 0) + QStringLiteral(" %")
                      : QStringLiteral("–"));
    m_tiles[QStringLiteral("down")]->setStyleSheet(
        t.nodesDown > 0 ? QStringLiteral("QLabel { color: #b3261e; }") : QString());
    refreshCharts();
    refreshDiagnosis();
}

void DashboardPage::refreshCharts()
{
    m_charts->refresh(m_range);
}

void DashboardPage::refreshDiagnosis()
{
    if (!m_model->feed()->lastUpdated().isValid()) {
        m_diagnosis->setText(tr("Waiting for the fleet…"));
        return;
    }
    QString html;
    const auto &findings = m_model->diagnosis();
    for (qsizetype i = 0; i < findings.size(); ++i) {
        const QueueFinding &f = findings[i];
        // Short lists go in the link; long ones (16,000 queued jobs) by the finding's number,
        // so the label does not parse a megabyte of HTML every second.
        const auto target = [i](const QStringList &ids) {
            return ids.size() <= 50 ? ids.join(QLatin1Char(',')).toHtmlEscaped()
                                    : QStringLiteral("#%1").arg(i);
        };
        QStringList links;
        if (!f.nodeIds.isEmpty())
            links << QStringLiteral("<a href=\"nodes:%1\">%2</a>")
                         .arg(target(f.nodeIds),
                              tr("show %n node(s)", nullptr, int(f.nodeIds.size())));
        if (!f.jobIds.isEmpty())
            links << QStringLiteral("<a href=\"jobs:%1\">%2</a>")
                         .arg(target(f.jobIds),
                              tr("show %n job(s)", nullptr, int(f.jobIds.size())));
        html +=
            QStringLiteral("<p style=\"margin:2px 0\"><span style=\"color:%1\">●</span> %2%3</p>")
                .arg(QLatin1String(kindColor(f.kind)), f.text.toHtmlEscaped(),
                     links.isEmpty() ? QString()
                                     : QStringLiteral(" — ") + links.join(QStringLiteral(" · ")));
    }
    if (html != m_diagnosis->text())
        m_diagnosis->setText(html);
}

} // namespace gantry
