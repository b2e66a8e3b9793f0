#include "proxycheck.h"

#include <QEventLoop>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QTcpSocket>
#include <QTimer>

namespace gantry {

namespace {

const QString kExpectedForm = QStringLiteral("<protocol>://<ip-or-host>:<port>, e.g. "
                                             "http://proxy.example.org:3128");

QString proxyText(const QNetworkProxy &proxy)
{
    return QStringLiteral("%1://%2:%3")
        .arg(proxy.type() == QNetworkProxy::Socks5Proxy ? QStringLiteral("socks5")
                                                        : QStringLiteral("http"),
             proxy.hostName())
        .arg(proxy.port());
}

// Whether an error response was made by the proxy itself rather than the target: proxies name
// themselves in Server (tinyproxy) or add their own error header (Squid).
bool answeredByProxy(const QNetworkReply *reply)
{
    const QByteArray server = reply->rawHeader("Server").toLower();
    return server.contains("proxy") || server.contains("squid") ||
           reply->hasRawHeader("X-Squid-Error");
}

QString certificateName(const QSslCertificate &certificate)
{
    const QStringList cn = certificate.subjectInfo(QSslCertificate::CommonName);
    return cn.isEmpty() ? certificate.subjectDisplayName() : QStringLiteral("CN=") + cn.first();
}

QString issuerName(const QSslCertificate &certificate)
{
    const QStringList cn = certificate.issuerInfo(QSslCertificate::CommonName);
    return cn.isEmpty() ? certificate.issuerDisplayName() : QStringLiteral("CN=") + cn.first();
}

// Why the target's certificate is not accepted, and what to do about it.
QString untrustedText(const QString &host, const QSslCertificate &leaf,
                      const QList<QSslError> &errors, qsizetype customCas)
{
    QStringList reasons;
    QSslCertificate certificate = leaf;
    bool issuer = false;
    bool selfSigned = false;
    bool name = false;
    for (const QSslError &e : errors) {
        if (certificate.isNull())
            certificate = e.certificate();
        const QString reason = e.certificate().isNull() || e.certificate() == certificate
                                   ? e.errorString()
                                   : QStringLiteral("%1 (at %2)")
                                         .arg(e.errorString(), certificateName(e.certificate()));
        if (!reasons.contains(reason))
            reasons.append(reason);
        switch (e.error()) {
        case QSslError::SelfSignedCertificate:
            selfSigned = true;
            issuer = true;
            break;
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::CertificateUntrusted:
            issuer = true;
            break;
        case QSslError::HostNameMismatch:
            name = true;
            break;
        default:
            break;
        }
    }
    QString text = QStringLiteral("the certificate of %1").arg(host);
    if (!certificate.isNull())
        text += QStringLiteral(" (%1, issuer %2)")
                    .arg(certificateName(certificate), issuerName(certificate));
    text += QStringLiteral(" is not trusted: %1").arg(reasons.join(QStringLiteral("; ")));
    if (selfSigned)
        text += QStringLiteral("; it is self-signed: add it to tls.custom_root_cas to trust it");
    else if (issuer)
        text += customCas > 0 ? QStringLiteral("; its issuer is neither in the system store nor "
                                               "among the %1 certificate(s) of "
                                               "tls.custom_root_cas: add the root CA that "
                                               "issued it there")
                                    .arg(customCas)
                              : QStringLiteral("; add the root CA that issued it to "
                                               "tls.custom_root_cas (Fetch CA chain from host "
                                               "shows it)");
    if (name && !certificate.isNull()) {
        QStringList names;
        const auto alternates = certificate.subjectAlternativeNames();
        for (auto it = alternates.cbegin(); it != alternates.cend(); ++it)
            names.append(it.value());
        text += QStringLiteral("; it is for %1, not %2")
                    .arg(names.isEmpty() ? certificateName(certificate)
                                         : names.join(QStringLiteral(", ")),
                         host);
    }
    return text;
}

// The status line the proxy answers to CONNECT host:port, or empty when it does not answer.
QString connectAnswer(const QNetworkProxy &proxy, const QString &host, int port,
                      const CheckOptions &options)
{
    QTcpSocket socket;
    socket.connectToHost(proxy.hostName(), proxy.port());
    QElapsedTimer elapsed;
    elapsed.start();
    auto waiting = [&] {
        return elapsed.elapsed() < options.stepTimeout.count() && !options.cancelled();
    };
    while (socket.state() != QAbstractSocket::ConnectedState && waiting()) {
        if (!socket.waitForConnected(100) && socket.state() == QAbstractSocket::UnconnectedState)
            return {};
    }
    const QByteArray target = (host.contains(u':') ? '[' + host.toUtf8() + ']' : host.toUtf8()) +
                              ':' + QByteArray::number(port);
    socket.write("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n");
    while (!socket.canReadLine() && socket.state() == QAbstractSocket::ConnectedState && waiting())
        socket.waitForReadyRead(100);
    return QString::fromLatin1(socket.readLine(256)).trimmed();
}

} // namespace

std::optional<QNetworkProxy> ProxyCheck::parseProxyUrl(const QString &text, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<QNetworkProxy> {
        if (error)
            *error = QStringLiteral("\"%1\" %2 (expected %3)").arg(text, why, kExpectedForm);
        return std::nullopt;
    };
    const QString trimmed = text.trimmed();
    if (!trimmed.contains(QStringLiteral("://")))
        return fail(QStringLiteral("has no protocol"));
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return fail(QStringLiteral("is not a URL"));
    const QString scheme = url.scheme().toLower();
    QNetworkProxy::ProxyType type = QNetworkProxy::HttpProxy;
    if (scheme == QLatin1String("http"))
        type = QNetworkProxy::HttpProxy;
    else if (scheme == QLatin1String("socks5") || scheme == QLatin1String("socks5h"))
        type = QNetworkProxy::Socks5Proxy;
    else
        return fail(QStringLiteral("uses the protocol %1, which is not supported (http or "
                                   "socks5)")
                        .arg(scheme));
    if (url.port() < 1)
        return fail(QStringLiteral("has no port"));
    if (!url.path().isEmpty() && url.path() != QLatin1String("/"))
        return fail(QStringLiteral("has a path"));
    if (url.hasQuery() || url.hasFragment())
        return fail(QStringLiteral("has a query or fragment"));
    QNetworkProxy proxy(type, url.host(), quint16(url.port()), url.userName(), url.password());
    if (error)
        error->clear();
    return proxy;
}

bool ProxyCheck::matchesNoProxy(const QString &host, const QStringList &noProxy, QString *matched)
{
    const QString h = host.toLower();
    const QHostAddress address(h);
    for (const QString &raw : noProxy) {
        QString entry = raw.trimmed().toLower();
        if (entry.isEmpty())
            continue;
        bool match = false;
        if (entry.contains(QLatin1Char('/'))) {
            const auto subnet = QHostAddress::parseSubnet(entry);
            match = !address.isNull() && subnet.first.protocol() == address.protocol() &&
                    address.isInSubnet(subnet);
        } else if (QHostAddress(entry).protocol() != QAbstractSocket::UnknownNetworkLayerProtocol) {
            match = !address.isNull() && QHostAddress(entry).isEqual(address);
        } else {
            if (entry.startsWith(QLatin1String("*.")))
                entry = entry.mid(1);
            const QString domain = entry.startsWith(QLatin1Char('.')) ? entry.mid(1) : entry;
            match = h == domain || h.endsWith(QLatin1Char('.') + domain);
        }
        if (match) {
            if (matched)
                *matched = raw.trimmed();
            return true;
        }
    }
    return false;
}

CheckResult ProxyCheck::run(const QJsonObject &fragment, const QUrl &target,
                            const CheckOptions &options)
{
    const SettingsFragment settings(fragment);
    CheckResult result;
    StepClock clock;
    auto step = [&](const QString &name, CheckLevel level, const QString &message) {
        result.add(name, level, message, clock.ms());
        clock.restart();
    };
    const QString group = QStringLiteral("proxy");

    // --- settings: the target and the proxy that applies to it
    QUrl url = target;
    if (url.isEmpty()) {
        const QString hostname =
            settings.text(QStringLiteral("general"), QStringLiteral("hostname"));
        if (!hostname.isEmpty())
            url = QUrl(QStringLiteral("https://%1/").arg(hostname));
    }
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        step(QStringLiteral("settings"), CheckLevel::Fail,
             url.isEmpty()
                 ? QStringLiteral("no URL to fetch: give one, or set general.hostname")
                 : QStringLiteral("\"%1\" is not an http:// or https:// URL").arg(url.toString()));
        return result;
    }
    QStringList problems;
    std::optional<QNetworkProxy> httpProxy;
    std::optional<QNetworkProxy> httpsProxy;
    for (const auto &[item, slot] : {std::pair{QStringLiteral("http_proxy"), &httpProxy},
                                     std::pair{QStringLiteral("https_proxy"), &httpsProxy}}) {
        const QString text = settings.text(group, item);
        if (text.isEmpty())
            continue;
        QString error;
        *slot = parseProxyUrl(text, &error);
        if (!*slot)
            problems.append(QStringLiteral("proxy.%1: %2").arg(item, error));
    }
    if (!problems.isEmpty()) {
        step(QStringLiteral("settings"), CheckLevel::Fail, problems.join(QStringLiteral("; ")));
        return result;
    }
    const QStringList noProxy = settings.list(group, QStringLiteral("no_proxy"));
    const bool https = scheme == QLatin1String("https");
    const int targetPort = url.port(https ? 443 : 80);
    // An empty https_proxy uses the HTTP proxy, as the rendered HTTPS_PROXY does (ProxyConfig).
    std::optional<QNetworkProxy> proxy = https && httpsProxy ? httpsProxy : httpProxy;
    QString item = https && (httpsProxy || !httpProxy) ? QStringLiteral("proxy.https_proxy")
                   : https ? QStringLiteral("proxy.http_proxy, as proxy.https_proxy is empty")
                           : QStringLiteral("proxy.http_proxy");
    QString matched;
    if (proxy && matchesNoProxy(url.host(), noProxy, &matched)) {
        step(QStringLiteral("settings"), CheckLevel::Ok,
             QStringLiteral("%1 matches the no_proxy entry \"%2\": fetched directly, without %3")
                 .arg(url.host(), matched, proxyText(*proxy)));
        proxy.reset();
    } else if (!proxy) {
        step(QStringLiteral("settings"), CheckLevel::Warn,
             QStringLiteral("%1 is not set: %2 is fetched directly").arg(item, url.toString()));
    } else {
        step(QStringLiteral("settings"), CheckLevel::Ok,
             QStringLiteral("%1 through %2 (%3%4)")
                 .arg(url.toString(), proxyText(*proxy), item,
                      https ? QStringLiteral(", a CONNECT tunnel") : QString()));
    }

    // --- proxy reachable
    if (proxy) {
        QTcpSocket probe;
        probe.connectToHost(proxy->hostName(), proxy->port());
        QElapsedTimer elapsed;
        elapsed.start();
        while (probe.state() != QAbstractSocket::ConnectedState &&
               elapsed.elapsed() < options.stepTimeout.count() && !options.cancelled()) {
            if (!probe.waitForConnected(100) && probe.state() == QAbstractSocket::UnconnectedState)
                break;
        }
        if (options.cancelled()) {
            step(QStringLiteral("cancelled"), CheckLevel::Fail,
                 QStringLiteral("the check was cancelled"));
            return result;
        }
        if (probe.state() != QAbstractSocket::ConnectedState) {
            step(QStringLiteral("proxy reachable"), CheckLevel::Fail,
                 QStringLiteral("cannot reach the proxy %1: %2")
                     .arg(proxyText(*proxy),
                          probe.state() == QAbstractSocket::UnconnectedState &&
                                  probe.error() != QAbstractSocket::UnknownSocketError
                              ? probe.errorString()
                              : QStringLiteral("no answer within %1 s")
                                    .arg(options.stepTimeout.count() / 1000.0)));
            return result;
        }
        probe.abort();
        step(QStringLiteral("proxy reachable"), CheckLevel::Ok,
             QStringLiteral("%1 accepts connections").arg(proxyText(*proxy)));
    }

    // --- request: through the proxy on this check's own manager, in a local event loop
    QNetworkAccessManager manager;
    manager.setProxy(proxy ? *proxy : QNetworkProxy(QNetworkProxy::NoProxy));
    manager.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    QNetworkRequest request(url);
    request.setTransferTimeout(int(options.stepTimeout.count()));
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("gantryd proxy check"));
    qsizetype customCas = 0;
    if (https) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        QList<QSslCertificate> cas = ssl.caCertificates();
        for (const QString &pem :
             settings.list(QStringLiteral("tls"), QStringLiteral("custom_root_cas"))) {
            const QList<QSslCertificate> custom =
                QSslCertificate::fromData(pem.toUtf8(), QSsl::Pem);
            cas.append(custom);
            customCas += custom.size();
        }
        ssl.setCaCertificates(cas);
        request.setSslConfiguration(ssl);
    }
    QEventLoop loop;
    QNetworkReply *reply = manager.get(request);
    QList<QSslError> sslErrors; // the reasons a TLS handshake with the target failed
    QObject::connect(reply, &QNetworkReply::sslErrors, &loop,
                     [&sslErrors](const QList<QSslError> &errors) { sslErrors = errors; });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    // The status line and the headers are all the check needs: it stops there rather than wait
    // for a body that may be large, or that ends only when the server closes (HTTP/1.0).
    QObject::connect(reply, &QNetworkReply::metaDataChanged, &loop, [reply, &loop] {
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
            loop.quit();
    });
    QTimer watchdog; // cancel, and a hard limit in case the transfer timeout does not fire
    QElapsedTimer elapsed;
    elapsed.start();
    bool cancelled = false;
    bool timedOut = false;
    QObject::connect(&watchdog, &QTimer::timeout, &loop, [&] {
        if (options.cancelled())
            cancelled = true;
        else if (elapsed.elapsed() > options.stepTimeout.count() + 1000)
            timedOut = true;
        else
            return;
        reply->abort();
    });
    watchdog.start(50);
    if (!reply->isFinished() &&
        !reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
        loop.exec();
    watchdog.stop();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    const bool byProxy = answeredByProxy(reply);
    const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
    const QNetworkReply::NetworkError error = reply->error();
    QString why = reply->errorString();
    if (!reply->isFinished())
        reply->abort();
    reply->deleteLater();
    if (cancelled) {
        step(QStringLiteral("cancelled"), CheckLevel::Fail,
             QStringLiteral("the check was cancelled"));
        return result;
    }
    const QString via = proxy ? QStringLiteral(" through %1").arg(proxyText(*proxy)) : QString();
    if (status == 0 && !sslErrors.isEmpty()) {
        step(QStringLiteral("certificate"), CheckLevel::Fail,
             untrustedText(url.host(), peer, sslErrors, customCas));
        return result;
    }
    if (status == 0) {
        if (timedOut || error == QNetworkReply::OperationCanceledError) {
            why = QStringLiteral("no answer within %1 s").arg(options.stepTimeout.count() / 1000.0);
        } else if (proxy && https) {
            // Qt says little more than "Error communicating with HTTP proxy": ask the proxy.
            const QString answer = connectAnswer(*proxy, url.host(), targetPort, options);
            if (!answer.isEmpty() && !answer.section(u' ', 1, 1).startsWith(u'2'))
                why = QStringLiteral("the proxy did not open a tunnel (CONNECT) to %1:%2: it "
                                     "answered \"%3\"; check that it may CONNECT to port %2 and "
                                     "can reach the host, or add the host to proxy.no_proxy")
                          .arg(url.host())
                          .arg(targetPort)
                          .arg(answer);
        }
        step(QStringLiteral("request"), CheckLevel::Fail,
             QStringLiteral("GET %1%2 failed: %3").arg(url.toString(), via, why));
        return result;
    }
    if (https) {
        step(QStringLiteral("certificate"), CheckLevel::Ok,
             QStringLiteral("%1 presents %2 (issuer %3), trusted by %4")
                 .arg(url.host(), certificateName(peer), issuerName(peer),
                      customCas > 0 ? QStringLiteral("the system store and tls.custom_root_cas (%1 "
                                                     "certificate(s))")
                                          .arg(customCas)
                                    : QStringLiteral("the system store")));
    }
    step(QStringLiteral("request"), CheckLevel::Ok,
         QStringLiteral("GET %1%2 answered").arg(url.toString(), via));

    // --- status
    const QString statusText = QStringLiteral("HTTP %1 %2").arg(status).arg(reason).trimmed();
    if (status >= 200 && status < 400) {
        step(QStringLiteral("status"), CheckLevel::Ok, statusText);
    } else if (status == 407) {
        step(QStringLiteral("status"), CheckLevel::Fail,
             QStringLiteral("%1: the proxy wants credentials, and the installation expects a "
                            "proxy without authentication (proxy URLs carry no credentials): let "
                            "the proxy accept this machine and the build nodes without them")
                 .arg(statusText));
    } else if (proxy &&
               (status == 502 || status == 503 || status == 504 || (status >= 500 && byProxy))) {
        step(QStringLiteral("status"), CheckLevel::Fail,
             QStringLiteral("%1: the proxy could not reach %2 (check the proxy's own network "
                            "and rules, or add the host to proxy.no_proxy)")
                 .arg(statusText, url.host()));
    } else {
        step(QStringLiteral("status"), CheckLevel::Warn,
             QStringLiteral("%1: the request went through, but the target answered with an "
                            "error")
                 .arg(statusText));
    }
    return result;
}

} // namespace gantry
