// The list of renderers that apply runs: one per rendered file (or family of files).
#pragma once

#include "renderer.h"

#include <memory>
#include <vector>

namespace gantry {

class Renderers final
{
public:
    static std::vector<std::unique_ptr<Renderer>> standard();
    // Every file of every standard renderer, in renderer order.
    static QList<RenderedFile> renderAll(const RenderContext &context);
};

} // namespace gantry
