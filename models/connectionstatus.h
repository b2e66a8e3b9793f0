// The connection to gantryd as the status bar shows it: connecting, connected to ADDRESS
// (embedded | attached | remote), or disconnected, retrying in N s.
#pragma once

#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>

namespace gantry {

class ConnectionStatus final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionStatus)
public:
    enum class State { Connecting, Connected, Disconnected };
    Q_ENUM(State)
    enum class Mode { Embedded, Attached, Remote };
    Q_ENUM(Mode)

    explicit ConnectionStatus(QObject *parent = nullptr);

    State state() const { return m_state; }
    Mode mode() const { return m_mode; }
    QString address() const { return m_address; }
    QString reason() const { return m_reason; }
    int retryInSeconds() const; // 0 when no retry is scheduled
    QString text() const;       // the status bar's sentence, translated

    void setMode(Mode mode);
    void setConnecting(const QString &address = {});
    // The embedded gantryd is still starting, doing `step` for `seconds` (a long start).
    void setStarting(const QString &step, int seconds);
    void setConnected(const QString &address);
    // `retryInMs` < 0: no retry planned.
    void setDisconnected(const QString &reason, int retryInMs);

Q_SIGNALS:
    void changed();

private:
    State m_state = State::Connecting;
    Mode m_mode = Mode::Embedded;
    QString m_address;
    QString m_reason;
    int m_startingSeconds = 0;
    QDeadlineTimer m_retryAt;
    QTimer m_tick; // refreshes the countdown once a second while disconnected
};

} // namespace gantry
