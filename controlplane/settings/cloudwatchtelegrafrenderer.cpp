#include "cloudwatchtelegrafrenderer.h"

#include "renderformat.h"

namespace gantry {

QList<RenderedFile> CloudwatchTelegrafRenderer::render(const RenderContext &context) const
{
    if (!context.flag("metrics.cloudwatch.enabled"))
        return {};
    QString out = QStringLiteral("# ") + context.banner() + u'\n';
    const QString tags = RenderFormat::tomlGlobalTags(context.map("metrics.global_tags"));
    if (!tags.isEmpty())
        out += tags + u'\n';
    out += QStringLiteral("[[outputs.cloudwatch]]\n");
    out += QStringLiteral("  region = %1\n")
               .arg(RenderFormat::tomlString(context.text("metrics.cloudwatch.region")));
    out += QStringLiteral("  namespace = %1\n")
               .arg(RenderFormat::tomlString(context.text("metrics.cloudwatch.namespace")));
    // Keys only with an IAM user; otherwise Telegraf uses the instance profile.
    const QString key = context.text("metrics.cloudwatch.access_key_id");
    if (!key.isEmpty()) {
        out += QStringLiteral("  access_key = %1\n").arg(RenderFormat::tomlString(key));
        out += QStringLiteral("  secret_key = %1\n")
                   .arg(RenderFormat::tomlString(
                       context.text("metrics.cloudwatch.secret_access_key")));
    }
    return {{QStringLiteral("telegraf/cloudwatch.conf"), out.toUtf8(), true}};
}

} // namespace gantry
