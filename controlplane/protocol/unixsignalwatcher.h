// Turns SIGTERM, SIGINT and SIGHUP into a Qt signal delivered on the event loop (self-pipe), so
// that gantryd and gantry shut down through their normal quit path.
#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

namespace gantry {

class UnixSignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixSignalWatcher)
public:
    explicit UnixSignalWatcher(const QList<int> &signalNumbers, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void unixSignal(int signalNumber);

private:
    static void handler(int signalNumber);
    void readPending();

    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_signals;
};

} // namespace gantry
