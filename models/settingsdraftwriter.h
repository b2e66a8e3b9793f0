// Writes a settings draft as YAML for PUT /v1/settings and POST /v1/settings/validate: block
// mappings, one item per line (so gantryd's line numbers point at an item), scalars JSON-quoted.
#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace gantry {

class SettingsDraftWriter final
{
public:
    // `nested` is shaped like the settings ({"ldap": {"port": 389}}); a null is written as null
    // (a cleared secret), so callers leave out the items that should take their defaults.
    static QByteArray toYaml(const QJsonObject &nested);

private:
    static void writeMapping(QByteArray &out, const QJsonObject &o, int indent);
    static QByteArray scalar(const QJsonValue &v);
    static QByteArray key(const QString &k);
};

} // namespace gantry
