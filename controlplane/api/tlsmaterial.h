// The certificate chain and private key gantryd serves HTTPS with, loaded from PEM and checked
// (parses, not expired, key matches the leaf) before a single connection is accepted.
#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <optional>

namespace gantry {

struct TlsMaterial
{
    QList<QSslCertificate> chain; // leaf first
    QSslKey key;

    static std::optional<TlsMaterial> fromPem(const QByteArray &certificatePem,
                                              const QByteArray &keyPem, QString *error);
    static std::optional<TlsMaterial> fromFiles(const QString &certificateFile,
                                                const QString &keyFile, QString *error);
    QSslConfiguration serverConfiguration() const;
    QByteArray chainPem() const;
};

} // namespace gantry
