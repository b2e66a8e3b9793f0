// The proxy values the renderers share: HTTP(S)_PROXY, the effective NO_PROXY list and the
// JVM_OPTS line with -Dhttp(s).proxyHost/Port and -Dhttp.nonProxyHosts.
#pragma once

#include <QString>
#include <QStringList>

namespace gantry {

class RenderContext;

class ProxyConfig final
{
public:
    static ProxyConfig from(const RenderContext &context);

    bool isSet() const { return !m_httpProxy.isEmpty() || !m_httpsProxy.isEmpty(); }
    QString httpProxy() const { return m_httpProxy; }
    QString httpsProxy() const { return m_httpsProxy; } // falls back to the HTTP proxy
    // 169.254.169.254 (on EC2), proxy.no_proxy, 127.0.0.1, localhost, the host name and the
    // GitHub host, in that order, without duplicates.
    QStringList noProxy() const { return m_noProxy; }
    QString noProxyText() const { return m_noProxy.join(u','); }
    // Java's form of noProxy: "a|b|*.example.com"; CIDR blocks left out (Java cannot match them).
    QString javaNonProxyHosts() const;
    // Empty when no proxy is set.
    QString jvmOpts() const;

private:
    QString m_httpProxy;
    QString m_httpsProxy;
    QStringList m_noProxy;
};

} // namespace gantry
