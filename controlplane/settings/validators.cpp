#include "validators.h"

#include <QHostAddress>
#include <QMap>
#include <QRegularExpression>
#include <QUrl>

#include <functional>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <toml++/toml.h>

namespace gantry {

namespace {

using Problem = std::function<QString(const QString &)>; // empty when valid

struct Validator
{
    QString expected;
    Problem problem;
};

bool fullMatch(const QString &pattern, const QString &value)
{
    const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
    return re.match(value).hasMatch();
}

Problem regexProblem(const QString &pattern, const QString &problem)
{
    return [pattern, problem](const QString &value) {
        return fullMatch(pattern, value) ? QString() : problem;
    };
}

QString portProblem(const QString &port)
{
    bool ok = false;
    const int n = port.toInt(&ok);
    if (!ok || n < 1 || n > 65535)
        return QStringLiteral("the port must be a number from 1 to 65535");
    return {};
}

// The host part of a URL: a DNS name, an IPv4 address or a bracketed IPv6 address.
bool isUrlHost(const QString &host)
{
    if (host.startsWith(u'[') && host.endsWith(u']'))
        return QHostAddress(host.mid(1, host.size() - 2)).protocol() ==
               QAbstractSocket::IPv6Protocol;
    return Validators::isHostname(host) || Validators::isIpAddress(host);
}

QString proxyProblem(const QString &value)
{
    static const QRegularExpression re(QStringLiteral(
        "^([A-Za-z][A-Za-z0-9+.-]*)://(\\[[0-9A-Fa-f:.]+\\]|[^:/@\\[\\]]+):([0-9]+)/?$"));
    const auto m = re.match(value);
    if (!m.hasMatch()) {
        if (!value.contains(QStringLiteral("://")))
            return QStringLiteral("the protocol is missing");
        if (value.contains(u'@'))
            return QStringLiteral("credentials in the proxy URL are not supported");
        return QStringLiteral("the host or the port is missing");
    }
    const QString scheme = m.captured(1).toLower();
    if (scheme != u"http" && scheme != u"https" && scheme != u"socks5" && scheme != u"socks5h")
        return QStringLiteral("the protocol must be http, https, socks5 or socks5h");
    if (!isUrlHost(m.captured(2)))
        return QStringLiteral("the host is not a DNS name or an IP address");
    return portProblem(m.captured(3));
}

QString urlProblem(const QString &value, bool allowPath)
{
    const QUrl url(value, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
        return QStringLiteral("it is not an absolute URL");
    if (url.scheme() != u"http" && url.scheme() != u"https")
        return QStringLiteral("the scheme must be http or https");
    if (!url.userInfo().isEmpty())
        return QStringLiteral("credentials in the URL are not supported");
    if (!Validators::isHostname(url.host()) && !Validators::isIpAddress(url.host()))
        return QStringLiteral("the host is not a DNS name or an IP address");
    if (!allowPath &&
        ((!url.path().isEmpty() && url.path() != u"/") || url.hasQuery() || url.hasFragment()))
        return QStringLiteral("it must be the base URL, without a path or query");
    return {};
}

int noPassphrase(char *, int, int, void *)
{
    return 0; // never prompt on a terminal: an encrypted key simply fails to load
}

QString certificateProblem(const QString &value)
{
    const QByteArray pem = value.toUtf8();
    if (!pem.contains("-----BEGIN CERTIFICATE-----"))
        return QStringLiteral("no PEM certificate found");
    if (pem.contains("PRIVATE KEY-----"))
        return QStringLiteral("it contains a private key, which belongs in its own item");
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    int parsed = 0;
    while (X509 *cert = PEM_read_bio_X509(bio, nullptr, noPassphrase, nullptr)) {
        ++parsed;
        X509_free(cert);
    }
    BIO_free(bio);
    if (parsed != int(pem.count("-----BEGIN CERTIFICATE-----")))
        return QStringLiteral("certificate %1 of the chain is not valid PEM").arg(parsed + 1);
    return {};
}

QString privateKeyProblem(const QString &value)
{
    const QByteArray pem = value.toUtf8();
    if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
        pem.contains("Proc-Type: 4,ENCRYPTED"))
        return QStringLiteral("the private key is encrypted with a passphrase, which the services "
                              "cannot enter; decrypt it with `openssl pkey -in key.pem -out "
                              "key-plain.pem`");
    if (!pem.contains("PRIVATE KEY-----"))
        return QStringLiteral("no PEM private key found");
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, noPassphrase, nullptr);
    BIO_free(bio);
    if (!key)
        return QStringLiteral("the private key is not valid PEM");
    EVP_PKEY_free(key);
    return {};
}

QString tomlProblem(const QString &value)
{
    const std::string text = value.toStdString();
#if TOML_EXCEPTIONS
    try {
        (void)toml::parse(text);
    } catch (const toml::parse_error &e) {
        return QStringLiteral("line %1, column %2: %3")
            .arg(e.source().begin.line)
            .arg(e.source().begin.column)
            .arg(QString::fromUtf8(e.description().data(), qsizetype(e.description().size())));
    }
#else
    const toml::parse_result result = toml::parse(text);
    if (!result) {
        const auto &e = result.error();
        return QStringLiteral("line %1, column %2: %3")
            .arg(e.source().begin.line)
            .arg(e.source().begin.column)
            .arg(QString::fromUtf8(e.description().data(), qsizetype(e.description().size())));
    }
#endif
    return {};
}

QString postgresProblem(const QString &value)
{
    const QUrl url(value, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"postgresql" && url.scheme() != u"postgres"))
        return QStringLiteral("it is not a postgresql:// URL");
    if (url.host().isEmpty() ||
        (!Validators::isHostname(url.host()) && !Validators::isIpAddress(url.host())))
        return QStringLiteral("the host is missing or invalid");
    if (url.port() != -1 && (url.port() < 1 || url.port() > 65535))
        return QStringLiteral("the port must be a number from 1 to 65535");
    if (url.path().size() < 2)
        return QStringLiteral("the database name is missing");
    return {};
}

QString dnProblem(const QString &value)
{
    // RDNs separated by unescaped commas, each attr=value (attr a name or an OID).
    static const QRegularExpression rdn(
        QStringLiteral("^\\s*([A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+)\\s*=.+$"));
    QStringList parts;
    QString current;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value[i] == u'\\' && i + 1 < value.size()) {
            current += value[i];
            current += value[++i];
        } else if (value[i] == u',') {
            parts.append(current);
            current.clear();
        } else {
            current += value[i];
        }
    }
    parts.append(current);
    for (const QString &part : parts) {
        if (!rdn.match(part).hasMatch())
            return QStringLiteral("it is not a distinguished name");
    }
    return {};
}

QString noProxyProblem(const QString &value)
{
    QString v = value.trimmed();
    if (v != value || v.isEmpty())
        return QStringLiteral("an entry is empty or has spaces");
    const qsizetype slash = v.indexOf(u'/');
    if (slash >= 0) {
        bool ok = false;
        const int bits = v.mid(slash + 1).toInt(&ok);
        const QHostAddress address(v.left(slash));
        const int maxBits = address.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32;
        if (address.isNull() || !ok || bits < 0 || bits > maxBits)
            return QStringLiteral("the network is not a valid CIDR block");
        return {};
    }
    if (v.startsWith(QStringLiteral("*.")))
        v = v.mid(2);
    else if (v.startsWith(u'.'))
        v = v.mid(1);
    if (!Validators::isHostname(v) && !Validators::isIpAddress(v))
        return QStringLiteral("an entry is not a host, domain or network");
    return {};
}

const QMap<QString, Validator> &table()
{
    static const QMap<QString, Validator> validators{
        {"hostname_or_ip",
         {"a DNS name or an IP address, e.g. circleci.example.com or 10.0.1.238",
          [](const QString &v) {
              return Validators::isHostname(v) || Validators::isIpAddress(v)
                         ? QString()
                         : QStringLiteral("it is neither a DNS name nor an IP address");
          }}},
        {"url",
         {"http(s)://<host>[:<port>][/<path>], e.g. https://circleci.example.com",
          [](const QString &v) { return urlProblem(v, true); }}},
        {"github_url",
         {"https://github.com or the base URL of GitHub Enterprise, e.g. https://ghe.example.com",
          [](const QString &v) { return urlProblem(v, false); }}},
        {"pem_certificate_chain",
         {"one or more PEM certificates (-----BEGIN CERTIFICATE----- ... -----END "
          "CERTIFICATE-----), the host's own first",
          certificateProblem}},
        {"pem_private_key_unencrypted",
         {"an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE "
          "KEY----- or -----BEGIN EC PRIVATE KEY-----)",
          privateKeyProblem}},
        {"aws_region",
         {"an AWS region name, e.g. us-west-2",
          [](const QString &v) {
              return Validators::awsRegions().contains(v)
                         ? QString()
                         : QStringLiteral("it is not an AWS region");
          }}},
        {"aws_subnet_id",
         {"subnet- followed by 8 or 17 hexadecimal digits, e.g. subnet-0a1b2c3d",
          regexProblem("subnet-([0-9a-f]{8}|[0-9a-f]{17})", "it is not a subnet ID")}},
        {"aws_security_group_id",
         {"sg- followed by 8 or 17 hexadecimal digits, e.g. sg-0a1b2c3d",
          regexProblem("sg-([0-9a-f]{8}|[0-9a-f]{17})", "it is not a security group ID")}},
        {"aws_ami_id",
         {"ami- followed by 8 or 17 hexadecimal digits, e.g. ami-0a1b2c3d4e5f67890",
          regexProblem("ami-([0-9a-f]{8}|[0-9a-f]{17})", "it is not an AMI ID")}},
        {"aws_instance_type",
         {"<family>.<size>, e.g. m5.large or c5.2xlarge",
          regexProblem("[a-z][a-z0-9-]*\\.[a-z0-9]+", "it is not an instance type")}},
        {"aws_access_key_id",
         {"AKIA or ASIA followed by 16 capital letters or digits (20 characters)",
          regexProblem("(AKIA|ASIA)[A-Z0-9]{16}", "it is not an AWS access key ID")}},
        {"aws_secret_access_key",
         {"40 characters of letters, digits, / + or =",
          regexProblem("[A-Za-z0-9/+=]{40}", "it is not an AWS secret access key")}},
        {"datadog_api_key",
         {"32 hexadecimal digits", regexProblem("[0-9a-fA-F]{32}", "it is not a Datadog API key")}},
        {"proxy_url",
         {"<protocol>://<ip-or-host>:<port>, e.g. http://10.0.0.33:3128", proxyProblem}},
        {"no_proxy_entry",
         {"a host, an IP address, a domain (.example.com or *.example.com) or a network "
          "(10.0.0.0/8)",
          noProxyProblem}},
        {"jvm_heap_size",
         {"a number followed by k, m or g, e.g. 4g or 4096m",
          regexProblem("[1-9][0-9]{0,6}[kKmMgG]", "it is not a JVM heap size")}},
        {"env_var_name",
         {"a name matching [A-Z_][A-Z0-9_]*, e.g. MY_VARIABLE",
          regexProblem("[A-Z_][A-Z0-9_]*", "it is not an environment variable name")}},
        {"shell_value",
         {"text without NUL characters",
          [](const QString &v) {
              return v.contains(QChar(0)) ? QStringLiteral("it contains a NUL character")
                                          : QString();
          }}},
        {"telegraf_toml",
         {"valid TOML, e.g. [[outputs.influxdb]] followed by url = \"http://10.0.0.5:8086\"",
          tomlProblem}},
        {"telegraf_tag",
         {"a tag name of letters, digits, _ . or -, e.g. Env",
          regexProblem("[A-Za-z0-9_.-]+", "it is not a tag name")}},
        {"postgresql_url",
         {"postgresql://<user>:<password>@<host>[:<port>]/<database>", postgresProblem}},
        {"ldap_dn", {"a distinguished name such as cn=admin,dc=example,dc=org", dnProblem}},
        {"ldap_attribute",
         {"an attribute name such as uid, member or groupOfUniqueNames",
          regexProblem("[A-Za-z][A-Za-z0-9-]*", "it is not an attribute name")}},
    };
    return validators;
}

} // namespace

bool Validators::exists(const QString &name)
{
    return table().contains(name);
}

QStringList Validators::names()
{
    return table().keys();
}

QString Validators::expectedForm(const QString &name)
{
    return table().value(name).expected;
}

QString Validators::check(const QString &name, const QString &path, const QString &value)
{
    const auto it = table().constFind(name);
    if (it == table().cend())
        return QStringLiteral("%1: unknown validator %2").arg(path, name);
    const QString problem = it->problem(value);
    if (problem.isEmpty())
        return {};
    return QStringLiteral("%1: %2; expected %3").arg(path, problem, it->expected);
}

QString Validators::keyMismatch(const QString &certificateChain, const QString &privateKey)
{
    const QByteArray certPem = certificateChain.toUtf8();
    const QByteArray keyPem = privateKey.toUtf8();
    BIO *certBio = BIO_new_mem_buf(certPem.constData(), int(certPem.size()));
    BIO *keyBio = BIO_new_mem_buf(keyPem.constData(), int(keyPem.size()));
    X509 *cert = PEM_read_bio_X509(certBio, nullptr, noPassphrase, nullptr);
    EVP_PKEY *key = PEM_read_bio_PrivateKey(keyBio, nullptr, noPassphrase, nullptr);
    const bool match = cert && key && X509_check_private_key(cert, key) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    BIO_free(certBio);
    BIO_free(keyBio);
    return match ? QString()
                 : QStringLiteral("tls.private_key: does not belong to the first certificate of "
                                  "tls.certificate; expected the key the certificate was issued "
                                  "for");
}

const QStringList &Validators::awsRegions()
{
    static const QStringList regions{
        "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2",      "af-south-1",
        "ap-east-1",      "ap-east-2",      "ap-south-1",     "ap-south-2",     "ap-southeast-1",
        "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1",   "ca-west-1",
        "eu-central-1",   "eu-central-2",   "eu-west-1",      "eu-west-2",      "eu-west-3",
        "eu-south-1",     "eu-south-2",     "eu-north-1",     "il-central-1",   "me-south-1",
        "me-central-1",   "mx-central-1",   "sa-east-1",      "us-gov-east-1",  "us-gov-west-1",
        "cn-north-1",     "cn-northwest-1"};
    return regions;
}

bool Validators::isHostname(const QString &value)
{
    if (value.isEmpty() || value.size() > 253)
        return false;
    static const QRegularExpression label(
        QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"));
    const QStringList labels =
        value.endsWith(u'.') ? value.chopped(1).split(u'.') : value.split(u'.');
    for (const QString &l : labels) {
        if (!label.match(l).hasMatch())
            return false;
    }
    // All-numeric dotted names are malformed IPv4 addresses, not host names.
    static const QRegularExpression numeric(QStringLiteral("^[0-9.]+$"));
    return !numeric.match(value).hasMatch();
}

bool Validators::isIpAddress(const QString &value)
{
    QHostAddress address;
    if (!address.setAddress(value))
        return false;
    // QHostAddress accepts shorthand such as "10.1" ; insist on four dotted parts for IPv4.
    if (address.protocol() == QAbstractSocket::IPv4Protocol)
        return value.count(u'.') == 3;
    return true;
}

} // namespace gantry
