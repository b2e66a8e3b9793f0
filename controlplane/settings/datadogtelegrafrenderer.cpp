#include "datadogtelegrafrenderer.h"

#include "renderformat.h"

namespace gantry {

QList<RenderedFile> DatadogTelegrafRenderer::render(const RenderContext &context) const
{
    if (!context.flag("metrics.datadog.enabled"))
        return {};
    QString out = QStringLiteral("# ") + context.banner() + u'\n';
    const QString tags = RenderFormat::tomlGlobalTags(context.map("metrics.global_tags"));
    if (!tags.isEmpty())
        out += tags + u'\n';
    out += QStringLiteral("[[outputs.datadog]]\n");
    out += QStringLiteral("  apikey = %1\n")
               .arg(RenderFormat::tomlString(context.text("metrics.datadog.api_key")));
    return {{QStringLiteral("telegraf/datadog.conf"), out.toUtf8(), true}};
}

} // namespace gantry
