#include "connectionmonitor.h"

#include "connectionstatus.h"
#include "controlplaneclient.h"

namespace gantry {

ConnectionMonitor::ConnectionMonitor(ControlPlaneClient *client, ConnectionStatus *status,
                                     QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_status(status)
{
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionMonitor::poll);
}

void ConnectionMonitor::start()
{
    m_timer.start();
    poll();
}

void ConnectionMonitor::stop()
{
    m_timer.stop();
    m_inFlight = false;
    ++m_generation;
}

void ConnectionMonitor::poll()
{
    if (m_inFlight)
        return;
    m_inFlight = true;
    const quint64 generation = m_generation;
    m_client->setTimeout(qMax(1000, m_timer.interval()));
    m_client->version([this, generation](const ApiResult &r) {
        if (generation != m_generation)
            return;
        m_inFlight = false;
        const QString address = m_client->address().toString();
        if (r.ok()) {
            m_status->setConnected(address);
            Q_EMIT reachable();
        } else if (r.httpStatus == 401) {
            m_status->setDisconnected(tr("the token was rejected"), -1);
            Q_EMIT tokenRejected();
        } else {
            m_status->setDisconnected(r.describeError(),
                                      m_timer.isActive() ? m_timer.interval() : -1);
            Q_EMIT unreachable(r.describeError());
        }
    });
}

} // namespace gantry
