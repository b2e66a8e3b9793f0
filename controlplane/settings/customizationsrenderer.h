// Renders /etc/circle-installation-customizations: export NAME="value" lines for CIRCLE_URL,
// JVM_HEAP_SIZE, the proxy variables, JVM_OPTS and customizations.extra_env.
#pragma once

#include "renderer.h"

namespace gantry {

class CustomizationsRenderer final : public Renderer
{
public:
    QString name() const override { return QStringLiteral("circle-installation-customizations"); }
    QList<RenderedFile> render(const RenderContext &context) const override;
};

} // namespace gantry
