// Renders the proxy block the guide appends to /etc/environment on the Nomad clients.
#pragma once

#include "renderer.h"

namespace gantry {

class EnvironmentRenderer final : public Renderer
{
public:
    QString name() const override { return QStringLiteral("environment"); }
    QList<RenderedFile> render(const RenderContext &context) const override;
};

} // namespace gantry
