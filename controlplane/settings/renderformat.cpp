#include "renderformat.h"

namespace gantry {

QString RenderFormat::shellDoubleQuoted(const QString &value)
{
    QString out;
    out.reserve(value.size() + 2);
    out += u'"';
    for (const QChar c : value) {
        if (c == u'$' || c == u'`' || c == u'"' || c == u'\\')
            out += u'\\';
        out += c;
    }
    out += u'"';
    return out;
}

QString RenderFormat::tomlString(const QString &value)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + u'"';
}

QString RenderFormat::tomlGlobalTags(const QJsonObject &tags)
{
    if (tags.isEmpty())
        return {};
    QString out = QStringLiteral("[global_tags]\n");
    for (auto it = tags.begin(); it != tags.end(); ++it)
        out += QStringLiteral("  %1 = %2\n")
                   .arg(tomlString(it.key()), tomlString(it.value().toString()));
    return out;
}

} // namespace gantry
