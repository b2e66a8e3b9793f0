// The client side of GET /v1/events: one long-lived request on its own QNetworkAccessManager (so
// it never takes one of the six connections ordinary calls use), resumed with Last-Event-ID after
// a drop, with backoff. A resync from gantryd means: re-list everything, then go on.
#pragma once

#include "event.h"
#include "sseparser.h"
#include "tlstrust.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace gantry {

class EventStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStream)
public:
    explicit EventStream(QObject *parent = nullptr);
    ~EventStream() override;

    void setAddress(const QUrl &address) { m_address = address; }
    void setToken(const QByteArray &token) { m_token = token; }
    void setTopics(const QStringList &topics) { m_topics = topics; }
    void setTrust(const TlsTrust &trust) { m_trust = trust; }

    void start(); // connects (resuming after lastIndex() if there is one)
    void stop();
    bool isConnected() const { return m_connected; }
    qint64 lastIndex() const { return m_lastIndex; }

Q_SIGNALS:
    void connected();
    void disconnected(const QString &reason, int retryInMs);
    void event(const gantry::Event &event);
    void resync(qint64 index); // what was missed is gone from gantryd's buffer: re-list

private:
    void open();
    void onData();
    void onFinished();

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QUrl m_address;
    QByteArray m_token;
    QStringList m_topics;
    TlsTrust m_trust;
    QTimer m_retry;
    qint64 m_lastIndex = -1;
    int m_backoffMs = 500;
    bool m_running = false;
    bool m_connected = false;
};

} // namespace gantry
