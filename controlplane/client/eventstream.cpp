#include "eventstream.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

namespace gantry {

namespace {
constexpr int kMaxBackoffMs = 15000;
}

EventStream::EventStream(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &EventStream::open);
}

EventStream::~EventStream()
{
    stop();
}

void EventStream::start()
{
    m_running = true;
    m_backoffMs = 500;
    open();
}

void EventStream::stop()
{
    m_running = false;
    m_retry.stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    m_connected = false;
}

void EventStream::open()
{
    if (!m_running)
        return;
    QUrl url = m_address;
    url.setPath(url.path().chopped(url.path().endsWith('/') ? 1 : 0) +
                QStringLiteral("/v1/events"));
    if (!m_topics.isEmpty())
        url.setQuery(QUrlQuery{{QStringLiteral("topics"), m_topics.join(',')}});
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Authorization", "Bearer " + m_token);
    if (m_lastIndex >= 0)
        request.setRawHeader("Last-Event-ID", QByteArray::number(m_lastIndex));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    m_parser.reset();
    m_trust.apply(request);
    m_reply = m_network->get(request);
    m_trust.apply(m_reply);
    connect(m_reply, &QNetworkReply::readyRead, this, &EventStream::onData);
    connect(m_reply, &QNetworkReply::finished, this, &EventStream::onFinished);
}

void EventStream::onData()
{
    if (!m_connected) {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200)
            return; // the error body is handled in onFinished
        m_connected = true;
        m_backoffMs = 500;
        Q_EMIT connected();
    }
    for (const SseMessage &m : m_parser.feed(m_reply->readAll())) {
        const QJsonObject object = QJsonDocument::fromJson(m.data).object();
        if (m.event == "resync") {
            const qint64 index = object.value(QStringLiteral("index")).toInteger();
            m_lastIndex = index;
            Q_EMIT resync(index);
            continue;
        }
        const auto e = Event::fromJson(object);
        if (!e)
            continue;
        m_lastIndex = e->index;
        Q_EMIT event(*e);
    }
}

void EventStream::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString reason =
        status == 0 ? reply->errorString()
        : status == 200
            ? tr("the event stream ended")
            : tr("HTTP %1: %2").arg(status).arg(QString::fromUtf8(reply->readAll().left(200)));
    reply->deleteLater();
    m_reply = nullptr;
    m_connected = false;
    if (!m_running)
        return;
    const int delay = m_backoffMs;
    m_backoffMs = std::min(m_backoffMs * 2, kMaxBackoffMs);
    m_retry.start(delay);
    Q_EMIT disconnected(reason, delay);
}

} // namespace gantry
