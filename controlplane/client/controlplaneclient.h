// Typed asynchronous access to gantryd's /v1 API over QtNetwork, shared by gantry and gantryctl.
#pragma once

#include "apiresult.h"
#include "tlstrust.h"

#include <QObject>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace gantry {

class ControlPlaneClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlPlaneClient)
public:
    using Callback = std::function<void(const ApiResult &)>;

    explicit ControlPlaneClient(QObject *parent = nullptr);

    void setAddress(const QUrl &address) { m_address = address; }
    QUrl address() const { return m_address; }
    void setToken(const QByteArray &token) { m_token = token; }
    bool hasToken() const { return !m_token.isEmpty(); }
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    void setTrust(const TlsTrust &trust) { m_trust = trust; }
    const TlsTrust &trust() const { return m_trust; }

    // `callback` runs on this object's thread; it is not called if the client is destroyed first.
    void request(const QByteArray &method, const QString &path, const QByteArray &body,
                 Callback callback, const QByteArray &contentType = "application/json",
                 const QList<QPair<QByteArray, QByteArray>> &headers = {});
    void get(const QString &path, Callback callback)
    {
        request("GET", path, {}, std::move(callback));
    }

    // A long response read as it arrives (log follow): `chunk` gets every piece of the body,
    // `done` the outcome (its raw part is empty). No transfer timeout applies. The reply is
    // returned for its headers and abort() (which ends in `done` with the reply's error).
    QNetworkReply *stream(const QString &path, std::function<void(const QByteArray &)> chunk,
                          Callback done);

    void health(Callback callback) { get(QStringLiteral("/v1/health"), std::move(callback)); }
    void version(Callback callback) { get(QStringLiteral("/v1/version"), std::move(callback)); }

private:
    QUrl urlFor(const QString &path) const;

    QNetworkAccessManager *m_network;
    QUrl m_address;
    QByteArray m_token;
    int m_timeoutMs = 10000;
    TlsTrust m_trust;
};

} // namespace gantry
