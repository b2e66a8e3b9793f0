#include "customtelegrafrenderer.h"

#include "renderformat.h"

namespace gantry {

QList<RenderedFile> CustomTelegrafRenderer::render(const RenderContext &context) const
{
    if (!context.flag("metrics.custom.enabled"))
        return {};
    QString out = QStringLiteral("# ") + context.banner() + u'\n';
    QString config = context.text("metrics.custom.telegraf_config");
    if (!config.isEmpty() && !config.endsWith(u'\n'))
        config += u'\n';
    out += config;
    // Appended, not prepended: top-level keys of the administrator's TOML must precede every
    // table header, and a table header after the last table is always valid.
    const QString tags = RenderFormat::tomlGlobalTags(context.map("metrics.global_tags"));
    if (!tags.isEmpty())
        out += u'\n' + tags;
    // Administrators put output credentials here (InfluxDB passwords, tokens): keep it private.
    return {{QStringLiteral("telegraf/custom.conf"), out.toUtf8(), true}};
}

} // namespace gantry
