#include "eventhub.h"

#include "apirequest.h"
#include "router.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QThread>

namespace gantry {

namespace {
const QStringList kTopics{QStringLiteral("Node"),       QStringLiteral("Job"),
                          QStringLiteral("Allocation"), QStringLiteral("Metrics"),
                          QStringLiteral("Audit"),      QStringLiteral("Settings")};
}

EventHub::EventHub(QObject *parent, qsizetype capacity, qint64 firstIndex)
    : QObject(parent)
    , m_log(capacity, firstIndex >= 0 ? firstIndex : QDateTime::currentMSecsSinceEpoch() * 1000)
{
    m_heartbeat.setInterval(10000);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        for (auto &[id, s] : m_subscribers)
            queue(id, ": heartbeat\n\n");
    });
    m_heartbeat.start();
}

void EventHub::installRoutes(Router &router)
{
    router.addStream(
        "GET", QStringLiteral("/v1/events"),
        [this](const ApiRequest &request, QHttpServerResponder &&responder) {
            subscribe(request, std::move(responder));
        },
        Router::Options{.needsToken = true, .bodyLimit = 0, .offEventLoop = false});
}

void EventHub::publish(const QString &topic, const QString &type, const QJsonObject &payload)
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(
            this, [this, topic, type, payload] { publish(topic, type, payload); },
            Qt::QueuedConnection);
        return;
    }
    const EventLog::Entry &entry = m_log.append(topic, type, payload);
    for (auto &[id, s] : m_subscribers)
        if (wants(s, topic))
            s.pending += entry.frame;
    if (!m_flushScheduled && !m_subscribers.empty()) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &EventHub::flush, Qt::QueuedConnection);
    }
}

void EventHub::subscribe(const ApiRequest &request, QHttpServerResponder &&responder)
{
    Subscriber s;
    s.responder = std::make_shared<QHttpServerResponder>(std::move(responder));
    s.socket = s.responder->socket();
    const QString topics = request.query.queryItemValue(QStringLiteral("topics"));
    for (const QString &t : topics.split(',', Qt::SkipEmptyParts)) {
        if (!kTopics.contains(t.trimmed())) {
            Router::send(
                *s.responder,
                ApiResponse::error(400, QStringLiteral("invalid_parameter"),
                                   QStringLiteral("topics: unknown topic \"%1\"; expected a "
                                                  "comma-separated list of %2")
                                       .arg(t.trimmed(), kTopics.join(", ")),
                                   {{QStringLiteral("topics"), QStringLiteral("unknown topic")}}));
            return;
        }
        s.topics.insert(t.trimmed());
    }
    QByteArray lastId = request.header("last-event-id");
    if (lastId.isEmpty())
        lastId = request.query.queryItemValue(QStringLiteral("last_event_id")).toLatin1();

    s.responder->writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    s.responder->writeHeader("Content-Type", "text/event-stream");
    s.responder->writeHeader("Cache-Control", "no-store");
    s.responder->writeHeader("Connection", "close"); // the stream ends with the connection
    s.responder->writeHeader("X-Accel-Buffering", "no");
    QByteArray first = "retry: 2000\n\n";
    if (!lastId.isEmpty()) {
        bool ok = false;
        const qint64 seen = lastId.trimmed().toLongLong(&ok);
        const auto missed = ok ? m_log.since(seen) : std::nullopt;
        if (!missed) {
            first += EventLog::resyncFrame(m_log.lastIndex());
        } else {
            for (const EventLog::Entry *e : *missed)
                if (wants(s, e->event.topic))
                    first += e->frame;
        }
    }
    s.responder->writeBody(first);

    const quint64 id = m_nextSubscriber++;
    if (s.socket)
        connect(s.socket, &QTcpSocket::disconnected, this, [this, id] { drop(id); });
    m_subscribers.emplace(id, std::move(s));
}

void EventHub::queue(quint64 id, const QByteArray &bytes)
{
    auto it = m_subscribers.find(id);
    if (it == m_subscribers.end())
        return;
    it->second.pending += bytes;
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &EventHub::flush, Qt::QueuedConnection);
    }
}

void EventHub::flush()
{
    m_flushScheduled = false;
    m_flushing = true;
    std::vector<quint64> gone;
    for (auto &[id, s] : m_subscribers) {
        if (s.pending.isEmpty())
            continue;
        if (!s.socket || s.socket->state() != QAbstractSocket::ConnectedState) {
            gone.push_back(id);
            continue;
        }
        if (s.socket->bytesToWrite() > kMaxQueuedBytes) {
            // It cannot keep up: cut it off; it reconnects with Last-Event-ID and catches up or
            // resyncs, instead of making gantryd hold an unbounded backlog.
            s.socket->abort();
            gone.push_back(id);
            continue;
        }
        s.responder->writeBody(s.pending);
        s.pending.clear();
    }
    m_flushing = false;
    gone.insert(gone.end(), m_dropLater.begin(), m_dropLater.end());
    m_dropLater.clear();
    for (quint64 id : gone)
        drop(id);
}

void EventHub::drop(quint64 id)
{
    // A socket may report its disconnection from inside a write or an abort during flush().
    if (m_flushing) {
        m_dropLater.push_back(id);
        return;
    }
    m_subscribers.erase(id);
}

} // namespace gantry
