#include "apiserver.h"

#include <QHttpServer>
#include <QSslServer>
#include <QTcpServer>

namespace gantry {

ApiServer::ApiServer(std::shared_ptr<const Authenticator> auth, QObject *parent)
    : QObject(parent)
    , m_router(std::move(auth))
    , m_server(new QHttpServer(this))
{
    m_server->setMissingHandler(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            m_router.dispatch(request, std::move(responder));
        });
}

ApiServer::~ApiServer() = default;

void ApiServer::stopListening()
{
    for (QTcpServer *tcp : findChildren<QTcpServer *>())
        tcp->close();
}

quint16 ApiServer::listen(const QHostAddress &address, quint16 port, QString *error,
                          const std::optional<QSslConfiguration> &tls)
{
    // Bind our own server so that a failure keeps its reason (QHttpServer::listen drops it).
    QTcpServer *tcp = nullptr;
    if (tls) {
        auto *ssl = new QSslServer(this);
        ssl->setSslConfiguration(*tls);
        ssl->setHandshakeTimeout(10000);
        tcp = ssl;
    } else {
        tcp = new QTcpServer(this);
    }
    if (!tcp->listen(address, port)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(tcp->errorString());
        delete tcp;
        return 0;
    }
    m_server->bind(tcp);
    return tcp->serverPort();
}

} // namespace gantry
