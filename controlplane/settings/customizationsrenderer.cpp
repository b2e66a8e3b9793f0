#include "customizationsrenderer.h"

#include "proxyconfig.h"
#include "renderformat.h"

namespace gantry {

QList<RenderedFile> CustomizationsRenderer::render(const RenderContext &context) const
{
    QString out = QStringLiteral("# ") + context.banner() + u'\n';
    auto add = [&out](const QString &name, const QString &value) {
        if (!value.isEmpty())
            out +=
                QStringLiteral("export %1=%2\n").arg(name, RenderFormat::shellDoubleQuoted(value));
    };
    add(QStringLiteral("CIRCLE_URL"), context.text("general.circle_url"));
    add(QStringLiteral("JVM_HEAP_SIZE"), context.text("customizations.jvm_heap_size"));
    const ProxyConfig proxy = ProxyConfig::from(context);
    if (proxy.isSet()) {
        add(QStringLiteral("HTTP_PROXY"), proxy.httpProxy());
        add(QStringLiteral("HTTPS_PROXY"), proxy.httpsProxy());
        add(QStringLiteral("NO_PROXY"), proxy.noProxyText());
        add(QStringLiteral("JVM_OPTS"), proxy.jvmOpts());
    }
    const QJsonObject env = context.map("customizations.extra_env");
    for (auto it = env.begin(); it != env.end(); ++it) {
        // An empty value is still exported: the administrator asked for the variable.
        out += QStringLiteral("export %1=%2\n")
                   .arg(it.key(), RenderFormat::shellDoubleQuoted(it.value().toString()));
    }
    return {{QStringLiteral("circle-installation-customizations"), out.toUtf8(), false}};
}

} // namespace gantry
