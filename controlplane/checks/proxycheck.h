// "Test proxy": fetches a URL through the unsaved http_proxy / https_proxy, honouring no_proxy,
// with each step (settings, proxy reachable, certificate for https, request, status) reported.
// An https:// URL goes through the proxy as a CONNECT tunnel, and its certificate must be trusted
// by the system store or tls.custom_root_cas.
#pragma once

#include "checkoptions.h"
#include "checkresult.h"

#include <QJsonObject>
#include <QNetworkProxy>
#include <QStringList>
#include <QUrl>
#include <optional>

namespace gantry {

class ProxyCheck final
{
public:
    // fragment: {"proxy": {"http_proxy", "https_proxy", "no_proxy": [..] or "a,b"},
    // "general": {"hostname"}, "tls": {"custom_root_cas": [PEM, ...]}}. target: the URL to
    // fetch; when empty, https://<general.hostname>/. An https:// target uses https_proxy, or
    // http_proxy when https_proxy is empty (as the rendered HTTPS_PROXY). The proxy is set on the
    // check's own QNetworkAccessManager (Qt's application-wide proxy never proxies loopback).
    // Blocking: runs a local QEventLoop, so call it from a worker thread (QtConcurrent, a
    // QThreadPool), never from the thread of gantryd's HTTP server.
    static CheckResult run(const QJsonObject &fragment, const QUrl &target = {},
                           const CheckOptions &options = {});

    // `<protocol>://<ip-or-host>:<port>` with protocol http or socks5; anything else is nullopt
    // with *error showing that form.
    static std::optional<QNetworkProxy> parseProxyUrl(const QString &text, QString *error);
    // Whether host matches a no_proxy entry, in the forms the no_proxy_entry validator takes
    // and the rendered NO_PROXY says: an exact name or IP, a domain suffix ("example.org",
    // ".example.org" or "*.example.org" match "ci.example.org"), a CIDR block ("10.0.0.0/8").
    // *matched gets the entry.
    static bool matchesNoProxy(const QString &host, const QStringList &noProxy,
                               QString *matched = nullptr);
};

} // namespace gantry
