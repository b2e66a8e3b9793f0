#include "stalebanner.h"

#include "fleetfeed.h"

namespace gantry {

StaleBanner::StaleBanner(FleetFeed *feed, QWidget *parent)
    : QLabel(parent)
    , m_feed(feed)
{
    setObjectName(QStringLiteral("staleBanner"));
    setWordWrap(true);
    setMargin(6);
    setAccessibleName(tr("Data freshness"));
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_feed, &FleetFeed::stateChanged, this, &StaleBanner::refresh);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &StaleBanner::refresh);
    m_tick.start();
    refresh();
}

void StaleBanner::refresh()
{
    const QString text = m_feed->bannerText();
    const bool loading = m_feed->state() == FleetFeed::State::Loading;
    setStyleSheet(loading ? QStringLiteral("QLabel { background: #e8f0fe; color: #1a3d7c; }")
                          : QStringLiteral("QLabel { background: #fff4ce; color: #5c4400; }"));
    if (text != this->text())
        setText(text);
    setVisible(!text.isEmpty());
}

} // namespace gantry
