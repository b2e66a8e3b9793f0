// Quoting for the formats the renderers write: POSIX shell double quotes and TOML strings.
#pragma once

#include <QJsonObject>
#include <QString>

namespace gantry {

class RenderFormat final
{
public:
    // "value" for sh: $ ` " and \ escaped, everything else (newlines included) literal, so
    // sourcing `export NAME=<this>` gives back the value byte for byte.
    static QString shellDoubleQuoted(const QString &value);
    // A TOML basic string with its quotes.
    static QString tomlString(const QString &value);
    // "[global_tags]" and one quoted key = "value" line per tag; empty when there are none.
    static QString tomlGlobalTags(const QJsonObject &tags);
};

} // namespace gantry
