#include "renderers.h"

#include "cloudwatchtelegrafrenderer.h"
#include "customizationsrenderer.h"
#include "customtelegrafrenderer.h"
#include "datadogtelegrafrenderer.h"
#include "environmentrenderer.h"
#include "jvmheaprenderer.h"
#include "replicatedconfrenderer.h"
#include "trustedcarenderer.h"

namespace gantry {

std::vector<std::unique_ptr<Renderer>> Renderers::standard()
{
    std::vector<std::unique_ptr<Renderer>> list;
    list.push_back(std::make_unique<CustomizationsRenderer>());
    list.push_back(std::make_unique<EnvironmentRenderer>());
    list.push_back(std::make_unique<ReplicatedConfRenderer>());
    list.push_back(std::make_unique<CloudwatchTelegrafRenderer>());
    list.push_back(std::make_unique<DatadogTelegrafRenderer>());
    list.push_back(std::make_unique<CustomTelegrafRenderer>());
    list.push_back(std::make_unique<JvmHeapRenderer>());
    list.push_back(std::make_unique<TrustedCaRenderer>());
    return list;
}

QList<RenderedFile> Renderers::renderAll(const RenderContext &context)
{
    QList<RenderedFile> files;
    for (const auto &renderer : standard())
        files += renderer->render(context);
    return files;
}

} // namespace gantry
