// Renders /etc/replicated.conf: {"HttpProxy": "<protocol>://<host>:<port>"}.
#pragma once

#include "renderer.h"

namespace gantry {

class ReplicatedConfRenderer final : public Renderer
{
public:
    QString name() const override { return QStringLiteral("replicated.conf"); }
    QList<RenderedFile> render(const RenderContext &context) const override;
};

} // namespace gantry
