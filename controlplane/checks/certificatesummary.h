// What the GUI shows about one certificate of a PEM chain: subject, issuer, SANs, validity and
// fingerprint, so an administrator can recognise what they are about to trust.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gantry {

struct CertificateSummary final
{
    QString subject; // RFC 2253, e.g. "CN=ci.example.org,O=Example"
    QString issuer;
    QStringList subjectAltNames; // "DNS:ci.example.org", "IP:10.0.0.1"
    QDateTime notBefore;         // UTC
    QDateTime notAfter;          // UTC
    QString serialNumber;        // hex
    QString sha256Fingerprint;   // "AB:CD:..."
    bool selfSigned = false;
    bool certificateAuthority = false; // basicConstraints CA:TRUE
    QByteArray pem;

    // {"subject", "issuer", "subject_alt_names", "not_before", "not_after", "serial_number",
    //  "sha256_fingerprint", "self_signed", "ca", "pem"}
    QJsonObject toJson() const;
};

// One summary per certificate found in the PEM text, in order (blocks that do not parse are left
// out; *error then says how many).
QList<CertificateSummary> certificateSummary(const QByteArray &pem, QString *error = nullptr);

} // namespace gantry
