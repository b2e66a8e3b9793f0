#include "controlplaneclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace gantry {

ControlPlaneClient::ControlPlaneClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{}

QUrl ControlPlaneClient::urlFor(const QString &path) const
{
    QUrl url = m_address;
    const qsizetype q = path.indexOf('?');
    url.setPath(url.path().chopped(url.path().endsWith('/') ? 1 : 0) + path.left(q));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    return url;
}

QNetworkReply *ControlPlaneClient::stream(const QString &path,
                                          std::function<void(const QByteArray &)> chunk,
                                          Callback done)
{
    QNetworkRequest request(urlFor(path));
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    m_trust.apply(request);
    QNetworkReply *reply = m_network->get(request);
    m_trust.apply(reply);
    const QString address = m_address.toString();
    connect(reply, &QNetworkReply::readyRead, this, [reply, chunk] {
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            chunk(reply->readAll());
    });
    connect(reply, &QNetworkReply::finished, this, [reply, done, address] {
        reply->deleteLater();
        ApiResult result;
        result.address = address;
        result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (result.httpStatus == 0) {
            result.unreachable = true;
            result.error = {QStringLiteral("unreachable"), reply->errorString(), {}};
        } else if (!result.ok()) {
            const QByteArray body = reply->readAll();
            if (auto e = ApiError::fromJson(QJsonDocument::fromJson(body).object()))
                result.error = *e;
            else
                result.error = {QStringLiteral("http_%1").arg(result.httpStatus),
                                QString::fromUtf8(body.left(200)),
                                {}};
        }
        done(result);
    });
    return reply;
}

void ControlPlaneClient::request(const QByteArray &method, const QString &path,
                                 const QByteArray &body, Callback callback,
                                 const QByteArray &contentType,
                                 const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(urlFor(path));
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    m_trust.apply(request);
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, body);
    m_trust.apply(reply);
    const QString address = m_address.toString();
    connect(reply, &QNetworkReply::finished, this, [reply, callback, address] {
        reply->deleteLater();
        ApiResult result;
        result.address = address;
        result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.raw = reply->readAll();
        if (result.httpStatus == 0) {
            result.unreachable = true;
            result.error = {QStringLiteral("unreachable"), reply->errorString(), {}};
            callback(result);
            return;
        }
        result.json = QJsonDocument::fromJson(result.raw);
        if (!result.ok()) {
            if (auto e = ApiError::fromJson(result.json.object()))
                result.error = *e;
            else
                result.error = {QStringLiteral("http_%1").arg(result.httpStatus),
                                QString::fromUtf8(result.raw.left(200)),
                                {}};
        }
        callback(result);
    });
}

} // namespace gantry
