#include "proxycheck.h"

#include <QEventLoop>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
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

bool ProxyCheck::matchesNoProxy(const QString &host, int port, const QStringList &noProxy,
                                QString *matched)
{
    const QString h = host.toLower();
    const QHostAddress address(h);
    for (const QString &raw : noProxy) {
        QString entry = raw.trimmed().toLower();
        if (entry.isEmpty())
            continue;
        if (entry == QLatin1String("*")) {
            if (matched)
                *matched = raw.trimmed();
            return true;
        }
        // "host:port" (but not a bare IPv6 address)
        const qsizetype colon = entry.lastIndexOf(QLatin1Char(':'));
        if (colon > 0 && entry.count(QLatin1Char(':')) == 1) {
            bool ok = false;
            const int entryPort = entry.mid(colon + 1).toInt(&ok);
            if (ok) {
                if (entryPort != port)
                    continue;
                entry = entry.left(colon);
            }
        }
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
    std::optional<QNetworkProxy> proxy = https ? httpsProxy : httpProxy;
    const QString item =
        https ? QStringLiteral("proxy.https_proxy") : QStringLiteral("proxy.http_proxy");
    QString matched;
    if (proxy && matchesNoProxy(url.host(), targetPort, noProxy, &matched)) {
        step(QStringLiteral("settings"), CheckLevel::Ok,
             QStringLiteral("%1 matches the no_proxy entry \"%2\": fetched directly, without %3")
                 .arg(url.host(), matched, item));
        proxy.reset();
    } else if (!proxy) {
        step(QStringLiteral("settings"), CheckLevel::Warn,
             QStringLiteral("%1 is not set: %2 is fetched directly").arg(item, url.toString()));
    } else {
        step(QStringLiteral("settings"), CheckLevel::Ok,
             QStringLiteral("%1 through %2 (%3)").arg(url.toString(), proxyText(*proxy), item));
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
    if (https) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        QList<QSslCertificate> cas = ssl.caCertificates();
        for (const QString &pem :
             settings.list(QStringLiteral("tls"), QStringLiteral("custom_root_cas")))
            cas.append(QSslCertificate::fromData(pem.toUtf8(), QSsl::Pem));
        ssl.setCaCertificates(cas);
        request.setSslConfiguration(ssl);
    }
    QEventLoop loop;
    QNetworkReply *reply = manager.get(request);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
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
    if (!reply->isFinished())
        loop.exec();
    watchdog.stop();
    reply->deleteLater();
    if (cancelled) {
        step(QStringLiteral("cancelled"), CheckLevel::Fail,
             QStringLiteral("the check was cancelled"));
        return result;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString via = proxy ? QStringLiteral(" through %1").arg(proxyText(*proxy)) : QString();
    if (status == 0) {
        QString why = reply->errorString();
        if (timedOut || reply->error() == QNetworkReply::OperationCanceledError)
            why = QStringLiteral("no answer within %1 s").arg(options.stepTimeout.count() / 1000.0);
        step(QStringLiteral("request"), CheckLevel::Fail,
             QStringLiteral("GET %1%2 failed: %3").arg(url.toString(), via, why));
        return result;
    }
    step(QStringLiteral("request"), CheckLevel::Ok,
         QStringLiteral("GET %1%2 answered").arg(url.toString(), via));

    // --- status
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    const QString statusText = QStringLiteral("HTTP %1 %2").arg(status).arg(reason).trimmed();
    if (status >= 200 && status < 400) {
        step(QStringLiteral("status"), CheckLevel::Ok, statusText);
    } else if (status == 407) {
        step(QStringLiteral("status"), CheckLevel::Fail,
             QStringLiteral("%1: the proxy wants credentials (put them in the proxy URL: "
                            "http://user:password@host:port)")
                 .arg(statusText));
    } else if (proxy && (status == 502 || status == 503 || status == 504 ||
                         (status >= 500 && answeredByProxy(reply)))) {
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
