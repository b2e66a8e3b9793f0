#include "settingsdraftwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace gantry {

QByteArray SettingsDraftWriter::toYaml(const QJsonObject &nested)
{
    QByteArray out = "# Gantry settings draft\n";
    writeMapping(out, nested, 0);
    return out;
}

QByteArray SettingsDraftWriter::key(const QString &k)
{
    static const QRegularExpression kPlain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (kPlain.match(k).hasMatch() && k != QLatin1String("null") && k != QLatin1String("true") &&
        k != QLatin1String("false"))
        return k.toUtf8();
    return scalar(QJsonValue(k));
}

QByteArray SettingsDraftWriter::scalar(const QJsonValue &v)
{
    // A JSON scalar is a valid YAML flow scalar: double-quoted strings use only escapes that
    // YAML shares with JSON.
    const QByteArray array = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

void SettingsDraftWriter::writeMapping(QByteArray &out, const QJsonObject &o, int indent)
{
    const QByteArray pad(indent, ' ');
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QJsonValue v = it.value();
        if (v.isUndefined())
            continue;
        out += pad + key(it.key()) + ':';
        if (v.isObject()) {
            const QJsonObject child = v.toObject();
            if (child.isEmpty()) {
                out += " {}\n";
            } else {
                out += '\n';
                writeMapping(out, child, indent + 2);
            }
        } else if (v.isArray()) {
            const QJsonArray list = v.toArray();
            if (list.isEmpty()) {
                out += " []\n";
            } else {
                out += '\n';
                for (const QJsonValue &entry : list)
                    out += pad + "  - " + scalar(entry) + '\n';
            }
        } else {
            out += ' ' + scalar(v) + '\n';
        }
    }
}

} // namespace gantry
