#include "trustedcarenderer.h"

namespace gantry {

QList<RenderedFile> TrustedCaRenderer::render(const RenderContext &context) const
{
    QList<RenderedFile> files;
    const QStringList cas = context.list("tls.custom_root_cas");
    for (int i = 0; i < cas.size(); ++i) {
        QByteArray pem = cas[i].trimmed().toUtf8() + '\n';
        // update-ca-certificates picks up *.crt files only.
        files.append({QStringLiteral("ca-certificates/gantry-custom-root-ca-%1.crt").arg(i + 1),
                      pem, false});
    }
    return files;
}

} // namespace gantry
