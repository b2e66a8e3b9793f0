// Which server certificates a client trusts besides the system's: a CA file the user gave, or
// the chain a local gantryd published in gantryd.json ("pinned": its host name need not match
// the loopback address it is reached on — only that exact certificate, only that mismatch).
#pragma once

#include <QList>
#include <QSslCertificate>

class QNetworkReply;
class QNetworkRequest;

namespace gantry {

struct TlsTrust
{
    QList<QSslCertificate> certificates;
    bool pinned = false;

    static TlsTrust fromPem(const QByteArray &pem, bool pinned);
    void apply(QNetworkRequest &request) const;
    void apply(QNetworkReply *reply) const;
};

} // namespace gantry
