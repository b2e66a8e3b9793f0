// Watches a gantryd through its client: polls GET /v1/version (which also proves the token) and
// keeps a ConnectionStatus true. Reports a rejected token separately, since retrying cannot fix it.
#pragma once

#include <QObject>
#include <QTimer>

namespace gantry {

class ConnectionStatus;
class ControlPlaneClient;

class ConnectionMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionMonitor)
public:
    ConnectionMonitor(ControlPlaneClient *client, ConnectionStatus *status,
                      QObject *parent = nullptr);

    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    void start(); // polls now, then every interval
    void stop();
    bool isActive() const { return m_timer.isActive(); }

Q_SIGNALS:
    void tokenRejected();
    void reachable();
    void unreachable(const QString &reason);

private:
    void poll();

    ControlPlaneClient *m_client;
    ConnectionStatus *m_status;
    QTimer m_timer;
    bool m_inFlight = false;
    quint64 m_generation = 0; // answers to polls from before a stop() are ignored
};

} // namespace gantry
