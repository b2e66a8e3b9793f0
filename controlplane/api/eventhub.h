// GET /v1/events: fans every published event out to the Server-Sent-Events subscribers, replays
// what a reconnecting client missed (Last-Event-ID) or tells it to resync, and sends a heartbeat.
// Writes are coalesced per event-loop turn, so a burst costs one socket write per subscriber.
#pragma once

#include "eventlog.h"

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <memory>
#include <unordered_map>

class QTcpSocket;

namespace gantry {

struct ApiRequest;
class Router;

class EventHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventHub)
public:
    static constexpr qsizetype kDefaultCapacity = 65536;
    static constexpr qint64 kMaxQueuedBytes = 16 * 1024 * 1024; // a slower client is dropped

    explicit EventHub(QObject *parent = nullptr, qsizetype capacity = kDefaultCapacity,
                      qint64 firstIndex = -1 /* -1: derived from the time */);

    void installRoutes(Router &router);
    void setHeartbeatInterval(int milliseconds) { m_heartbeat.setInterval(milliseconds); }

    // Thread-safe: from another thread the event is queued to the hub's thread.
    void publish(const QString &topic, const QString &type, const QJsonObject &payload);

    qint64 lastIndex() const { return m_log.lastIndex(); }
    int subscriberCount() const { return int(m_subscribers.size()); }

    // Registers a subscriber on `responder` (used by the /v1/events route).
    void subscribe(const ApiRequest &request, QHttpServerResponder &&responder);

private:
    struct Subscriber
    {
        std::shared_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
        QSet<QString> topics; // empty: all
        QByteArray pending;
    };
    bool wants(const Subscriber &s, const QString &topic) const
    {
        return s.topics.isEmpty() || s.topics.contains(topic);
    }
    void queue(quint64 id, const QByteArray &bytes);
    void flush();
    void drop(quint64 id);

    EventLog m_log;
    std::unordered_map<quint64, Subscriber> m_subscribers;
    quint64 m_nextSubscriber = 1;
    bool m_flushScheduled = false;
    bool m_flushing = false; // drops during a flush wait until it ends
    std::vector<quint64> m_dropLater;
    QTimer m_heartbeat;
};

} // namespace gantry
