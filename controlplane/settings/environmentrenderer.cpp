#include "environmentrenderer.h"

#include "proxyconfig.h"
#include "renderformat.h"

namespace gantry {

QList<RenderedFile> EnvironmentRenderer::render(const RenderContext &context) const
{
    // Markers let an installer replace the block in /etc/environment on the next apply.
    QString out = QStringLiteral("# BEGIN gantry proxy: ") + context.banner() + u'\n';
    const ProxyConfig proxy = ProxyConfig::from(context);
    if (proxy.isSet()) {
        auto add = [&out](const QString &name, const QString &value) {
            if (!value.isEmpty())
                out += QStringLiteral("%1=%2\n").arg(name, RenderFormat::shellDoubleQuoted(value));
        };
        // curl reads only the lower-case http_proxy: write both spellings.
        for (const bool lower : {false, true}) {
            auto n = [lower](const char *name) {
                const QString s = QString::fromLatin1(name);
                return lower ? s.toLower() : s;
            };
            add(n("HTTP_PROXY"), proxy.httpProxy());
            add(n("HTTPS_PROXY"), proxy.httpsProxy());
            add(n("NO_PROXY"), proxy.noProxyText());
        }
        add(QStringLiteral("JVM_OPTS"), proxy.jvmOpts());
    }
    out += QStringLiteral("# END gantry proxy\n");
    return {{QStringLiteral("environment"), out.toUtf8(), false}};
}

} // namespace gantry
