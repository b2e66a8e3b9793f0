#include "jvmheaprenderer.h"

#include "renderformat.h"

namespace gantry {

QList<RenderedFile> JvmHeapRenderer::render(const RenderContext &context) const
{
    QList<RenderedFile> files;
    const QList<QPair<QString, QString>> containers{
        {QStringLiteral("frontend"), QStringLiteral("customizations.frontend_jvm_heap_size")},
        {QStringLiteral("test_results"),
         QStringLiteral("customizations.test_results_jvm_heap_size")},
    };
    for (const auto &[container, path] : containers) {
        const QString heap = context.text(path);
        if (heap.isEmpty())
            continue;
        const QString content = QStringLiteral("# %1\nexport JVM_HEAP_SIZE=%2\n")
                                    .arg(context.banner(), RenderFormat::shellDoubleQuoted(heap));
        files.append({QStringLiteral("circleconfig/%1/customizations").arg(container),
                      content.toUtf8(), false});
    }
    return files;
}

} // namespace gantry
