#include "proxyconfig.h"

#include "renderer.h"

#include <QUrl>

namespace gantry {

ProxyConfig ProxyConfig::from(const RenderContext &context)
{
    ProxyConfig config;
    config.m_httpProxy = context.text("proxy.http_proxy");
    config.m_httpsProxy = context.text("proxy.https_proxy");
    if (config.m_httpsProxy.isEmpty())
        config.m_httpsProxy = config.m_httpProxy;

    QStringList entries;
    if (context.text("vm_provider.provider") == u"aws_ec2")
        entries.append(QStringLiteral("169.254.169.254")); // EC2 metadata must never be proxied
    entries += context.list("proxy.no_proxy");
    entries += {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")};
    entries.append(context.text("general.hostname"));
    entries.append(QUrl(context.text("github.url")).host());
    for (const QString &entry : entries) {
        const QString e = entry.trimmed();
        if (!e.isEmpty() && !config.m_noProxy.contains(e, Qt::CaseInsensitive))
            config.m_noProxy.append(e);
    }
    return config;
}

QString ProxyConfig::javaNonProxyHosts() const
{
    QStringList hosts;
    for (const QString &entry : m_noProxy) {
        if (entry.contains(u'/'))
            continue;
        hosts.append(entry.startsWith(u'.') ? u'*' + entry : entry);
    }
    return hosts.join(u'|');
}

QString ProxyConfig::jvmOpts() const
{
    if (!isSet())
        return {};
    QStringList opts;
    auto add = [&opts](const QString &scheme, const QString &proxy) {
        if (proxy.isEmpty())
            return;
        const QUrl url(proxy);
        opts.append(QStringLiteral("-D%1.proxyHost=%2").arg(scheme, url.host()));
        opts.append(QStringLiteral("-D%1.proxyPort=%2").arg(scheme).arg(url.port()));
    };
    add(QStringLiteral("http"), m_httpProxy);
    add(QStringLiteral("https"), m_httpsProxy);
    opts.append(QStringLiteral("-Dhttp.nonProxyHosts=") + javaNonProxyHosts());
    return opts.join(u' ');
}

} // namespace gantry
