// The strip over a fleet page that says the data is not live: loading, or disconnected and shown
// as of HH:MM:SS (read-only) while the console reconnects. Hidden while the feed is live.
#pragma once

#include <QLabel>
#include <QTimer>

namespace gantry {

class FleetFeed;

class StaleBanner final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaleBanner)
public:
    explicit StaleBanner(FleetFeed *feed, QWidget *parent = nullptr);

private:
    void refresh();

    FleetFeed *m_feed;
    QTimer m_tick;
};

} // namespace gantry
