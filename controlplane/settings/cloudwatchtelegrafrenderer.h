// Renders telegraf/cloudwatch.conf, the Telegraf CloudWatch output, when metrics.cloudwatch is on.
#pragma once

#include "renderer.h"

namespace gantry {

class CloudwatchTelegrafRenderer final : public Renderer
{
public:
    QString name() const override { return QStringLiteral("telegraf/cloudwatch.conf"); }
    QList<RenderedFile> render(const RenderContext &context) const override;
};

} // namespace gantry
