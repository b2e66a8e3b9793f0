// gantryd's HTTP listener: a QHttpServer whose every request goes to the Router.
#pragma once

#include "router.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <memory>

class QHttpServer;

namespace gantry {

class ApiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)
public:
    explicit ApiServer(std::shared_ptr<const Authenticator> auth, QObject *parent = nullptr);
    ~ApiServer() override;

    Router &router() { return m_router; }

    // Starts listening (HTTPS when `tls` is given); returns the bound port, or 0 and the reason
    // in *error.
    quint16 listen(const QHostAddress &address, quint16 port, QString *error,
                   const std::optional<QSslConfiguration> &tls = std::nullopt);
    // Stops taking connections (the first step of a stop); open ones stay until destruction.
    void stopListening();

private:
    Router m_router;
    QHttpServer *m_server = nullptr;
};

} // namespace gantry
