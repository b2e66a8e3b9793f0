// Renders tls.custom_root_cas as files for /usr/local/share/ca-certificates/.
#pragma once

#include "renderer.h"

namespace gantry {

class TrustedCaRenderer final : public Renderer
{
public:
    QString name() const override { return QStringLiteral("ca-certificates"); }
    QList<RenderedFile> render(const RenderContext &context) const override;
};

} // namespace gantry
