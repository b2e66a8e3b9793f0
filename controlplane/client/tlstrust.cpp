#include "tlstrust.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>

namespace gantry {

TlsTrust TlsTrust::fromPem(const QByteArray &pem, bool pinned)
{
    return {QSslCertificate::fromData(pem, QSsl::Pem), pinned};
}

void TlsTrust::apply(QNetworkRequest &request) const
{
    if (certificates.isEmpty())
        return;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.addCaCertificates(certificates);
    request.setSslConfiguration(config);
}

void TlsTrust::apply(QNetworkReply *reply) const
{
    if (pinned && !certificates.isEmpty())
        reply->ignoreSslErrors({QSslError(QSslError::HostNameMismatch, certificates.constFirst())});
}

} // namespace gantry
