// Renders telegraf/datadog.conf, the Telegraf Datadog output, when metrics.datadog is on.
#pragma once

#include "renderer.h"

namespace gantry {

class DatadogTelegrafRenderer final : public Renderer
{
public:
    QString name() const override { return QStringLiteral("telegraf/datadog.conf"); }
    QList<RenderedFile> render(const RenderContext &context) const override;
};

} // namespace gantry
