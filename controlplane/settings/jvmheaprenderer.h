// Renders the per-container JVM heap customizations, circleconfig/<container>/customizations,
// for the containers the guide names (frontend, test_results).
#pragma once

#include "renderer.h"

namespace gantry {

class JvmHeapRenderer final : public Renderer
{
public:
    QString name() const override { return QStringLiteral("circleconfig"); }
    QList<RenderedFile> render(const RenderContext &context) const override;
};

} // namespace gantry
