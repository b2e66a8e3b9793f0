#include "replicatedconfrenderer.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gantry {

QList<RenderedFile> ReplicatedConfRenderer::render(const RenderContext &context) const
{
    QJsonObject conf;
    const QString proxy = context.text("proxy.http_proxy");
    if (!proxy.isEmpty())
        conf.insert(QStringLiteral("HttpProxy"), proxy);
    return {{QStringLiteral("replicated.conf"), QJsonDocument(conf).toJson(QJsonDocument::Indented),
             false}};
}

} // namespace gantry
