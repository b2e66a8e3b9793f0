// Renders telegraf/custom.conf: the administrator's own Telegraf TOML plus [global_tags].
#pragma once

#include "renderer.h"

namespace gantry {

class CustomTelegrafRenderer final : public Renderer
{
public:
    QString name() const override { return QStringLiteral("telegraf/custom.conf"); }
    QList<RenderedFile> render(const RenderContext &context) const override;
};

} // namespace gantry
