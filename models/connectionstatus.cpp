#include "connectionstatus.h"

#include <cmath>

namespace gantry {

ConnectionStatus::ConnectionStatus(QObject *parent)
    : QObject(parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &ConnectionStatus::changed);
}

int ConnectionStatus::retryInSeconds() const
{
    if (m_state != State::Disconnected || m_retryAt.isForever())
        return 0;
    return int(std::ceil(std::max<qint64>(0, m_retryAt.remainingTime()) / 1000.0));
}

QString ConnectionStatus::text() const
{
    switch (m_state) {
    case State::Connecting:
        if (!m_reason.isEmpty()) // a long start of the embedded gantryd
            return tr("Starting gantryd: %1 (%n s)…", nullptr, m_startingSeconds).arg(m_reason);
        return m_address.isEmpty() ? tr("Connecting…") : tr("Connecting to %1…").arg(m_address);
    case State::Connected:
        switch (m_mode) {
        case Mode::Embedded:
            return tr("Connected to %1 (embedded)").arg(m_address);
        case Mode::Attached:
            return tr("Connected to %1 (attached)").arg(m_address);
        case Mode::Remote:
            return tr("Connected to %1 (remote)").arg(m_address);
        }
        break;
    case State::Disconnected: {
        const QString why = m_reason.isEmpty() ? QString() : QStringLiteral(" — ") + m_reason;
        if (m_retryAt.isForever())
            return tr("Disconnected") + why;
        const int n = retryInSeconds();
        return n > 0 ? tr("Disconnected, retrying in %n s", nullptr, n) + why
                     : tr("Disconnected, retrying now") + why;
    }
    }
    return {};
}

void ConnectionStatus::setMode(Mode mode)
{
    if (m_mode == mode)
        return;
    m_mode = mode;
    Q_EMIT changed();
}

void ConnectionStatus::setConnecting(const QString &address)
{
    m_state = State::Connecting;
    m_address = address;
    m_reason.clear();
    m_tick.stop();
    Q_EMIT changed();
}

void ConnectionStatus::setStarting(const QString &step, int seconds)
{
    m_state = State::Connecting;
    m_address.clear();
    m_reason = step;
    m_startingSeconds = seconds;
    m_tick.stop();
    Q_EMIT changed();
}

void ConnectionStatus::setConnected(const QString &address)
{
    if (m_state == State::Connected && m_address == address)
        return;
    m_state = State::Connected;
    m_address = address;
    m_reason.clear();
    m_tick.stop();
    Q_EMIT changed();
}

void ConnectionStatus::setDisconnected(const QString &reason, int retryInMs)
{
    m_state = State::Disconnected;
    m_reason = reason;
    m_retryAt = retryInMs < 0 ? QDeadlineTimer(QDeadlineTimer::Forever) : QDeadlineTimer(retryInMs);
    if (retryInMs >= 0)
        m_tick.start();
    else
        m_tick.stop();
    Q_EMIT changed();
}

} // namespace gantry
