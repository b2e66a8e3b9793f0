#include "opensslutil.h"

#include <QStringList>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace gantry::openssl {

namespace {

// Refuses to ask for a pass phrase: OpenSSL's default callback would read the terminal.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

QString nameText(X509_NAME *name)
{
    if (!name)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QString::fromUtf8(data, size);
}

QDateTime fromAsn1Time(const ASN1_TIME *time)
{
    struct tm t = {};
    if (!time || ASN1_TIME_to_tm(time, &t) != 1)
        return {};
    return QDateTime(QDate(t.tm_year + 1900, t.tm_mon + 1, t.tm_mday),
                     QTime(t.tm_hour, t.tm_min, t.tm_sec), Qt::UTC);
}

} // namespace

BioPtr memoryBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

std::vector<X509Ptr> readCertificates(const QByteArray &pem, int *badBlocks)
{
    std::vector<X509Ptr> out;
    int bad = 0;
    static const QByteArray kBegin("-----BEGIN CERTIFICATE-----");
    static const QByteArray kEnd("-----END CERTIFICATE-----");
    qsizetype from = 0;
    while (true) {
        const qsizetype begin = pem.indexOf(kBegin, from);
        if (begin < 0)
            break;
        const qsizetype end = pem.indexOf(kEnd, begin);
        if (end < 0) {
            ++bad;
            break;
        }
        const QByteArray block = pem.mid(begin, end + kEnd.size() - begin) + '\n';
        BioPtr bio = memoryBio(block);
        X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr));
        if (cert)
            out.push_back(std::move(cert));
        else
            ++bad;
        from = end + kEnd.size();
    }
    ERR_clear_error();
    if (badBlocks)
        *badBlocks = bad;
    return out;
}

PkeyPtr readPrivateKey(const QByteArray &pem)
{
    BioPtr bio = memoryBio(pem);
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
    ERR_clear_error();
    return key;
}

bool isEncryptedPem(const QByteArray &pem)
{
    // PKCS#8 "BEGIN ENCRYPTED PRIVATE KEY", or the traditional "Proc-Type: 4,ENCRYPTED" header.
    return pem.contains("ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED");
}

QByteArray toPem(X509 *certificate)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), certificate);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, size);
}

QByteArray privateKeyToPem(EVP_PKEY *key)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, size);
}

QString subjectText(X509 *certificate)
{
    return nameText(X509_get_subject_name(certificate));
}

QString issuerText(X509 *certificate)
{
    return nameText(X509_get_issuer_name(certificate));
}

QString displayName(X509 *certificate)
{
    X509_NAME *name = X509_get_subject_name(certificate);
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (index >= 0) {
        ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
        unsigned char *utf8 = nullptr;
        const int length = ASN1_STRING_to_UTF8(&utf8, data);
        if (length >= 0) {
            const QString cn = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
            OPENSSL_free(utf8);
            return QStringLiteral("CN=") + cn;
        }
    }
    return subjectText(certificate);
}

QStringList subjectAltNames(X509 *certificate)
{
    QStringList out;
    auto *names = static_cast<GENERAL_NAMES *>(
        X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
    if (!names)
        return out;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
        if (name->type == GEN_DNS) {
            const ASN1_IA5STRING *dns = name->d.dNSName;
            out.append(QStringLiteral("DNS:") + QString::fromLatin1(reinterpret_cast<const char *>(
                                                                        ASN1_STRING_get0_data(dns)),
                                                                    ASN1_STRING_length(dns)));
        } else if (name->type == GEN_IPADD) {
            const ASN1_OCTET_STRING *ip = name->d.iPAddress;
            const unsigned char *bytes = ASN1_STRING_get0_data(ip);
            const int length = ASN1_STRING_length(ip);
            QString text;
            if (length == 4) {
                text = QStringLiteral("%1.%2.%3.%4")
                           .arg(bytes[0])
                           .arg(bytes[1])
                           .arg(bytes[2])
                           .arg(bytes[3]);
            } else if (length == 16) {
                QStringList groups;
                for (int g = 0; g < 8; ++g)
                    groups.append(QString::number((bytes[2 * g] << 8) | bytes[2 * g + 1], 16));
                text = groups.join(QLatin1Char(':'));
            }
            out.append(QStringLiteral("IP:") + text);
        } else if (name->type == GEN_EMAIL) {
            const ASN1_IA5STRING *mail = name->d.rfc822Name;
            out.append(
                QStringLiteral("email:") +
                QString::fromLatin1(reinterpret_cast<const char *>(ASN1_STRING_get0_data(mail)),
                                    ASN1_STRING_length(mail)));
        }
    }
    GENERAL_NAMES_free(names);
    return out;
}

QDateTime notBefore(X509 *certificate)
{
    return fromAsn1Time(X509_get0_notBefore(certificate));
}

QDateTime notAfter(X509 *certificate)
{
    return fromAsn1Time(X509_get0_notAfter(certificate));
}

bool isSelfIssued(X509 *certificate)
{
    if (X509_NAME_cmp(X509_get_subject_name(certificate), X509_get_issuer_name(certificate)) != 0)
        return false;
    EVP_PKEY *key = X509_get0_pubkey(certificate);
    const bool verifies = key && X509_verify(certificate, key) == 1;
    ERR_clear_error();
    return verifies;
}

QString keyDescription(EVP_PKEY *key)
{
    const int bits = EVP_PKEY_get_bits(key);
    if (EVP_PKEY_is_a(key, "RSA"))
        return QStringLiteral("RSA %1 bits").arg(bits);
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &length) == 1)
            return QStringLiteral("EC %1").arg(QString::fromLatin1(group, qsizetype(length)));
        return QStringLiteral("EC %1 bits").arg(bits);
    }
    return QStringLiteral("%1 %2 bits")
        .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(key)))
        .arg(bits);
}

QString lastError()
{
    QStringList parts;
    unsigned long code = 0;
    while ((code = ERR_get_error()) != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        parts.append(QString::fromLatin1(buffer));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace gantry::openssl
