#include "renderer.h"

#include "settingsdocument.h"
#include "settingsschema.h"

#include <QJsonArray>

namespace gantry {

QJsonValue RenderContext::value(const QString &path) const
{
    const SchemaItem *item = m_schema.item(path);
    if (!item || !m_schema.isShown(*item, m_document))
        return QJsonValue::Undefined;
    return m_document.effective(*item);
}

QStringList RenderContext::list(const QString &path) const
{
    QStringList out;
    for (const auto &v : value(path).toArray())
        out.append(v.toString());
    return out;
}

QString RenderContext::banner() const
{
    return QStringLiteral("Written by Gantry from settings version %1; changes made here are "
                          "replaced at the next apply.")
        .arg(m_version);
}

} // namespace gantry
