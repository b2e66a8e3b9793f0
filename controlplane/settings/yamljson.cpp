#include "yamljson.h"

#include <QJsonArray>
#include <QJsonObject>

#include <yaml-cpp/yaml.h>

namespace gantry {

QJsonValue YamlJson::toJson(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return QJsonValue::Null;
    case YAML::NodeType::Scalar: {
        const QString text = str(node.Scalar());
        if (node.Tag() == "!")
            return text; // quoted
        if (text == u"true")
            return true;
        if (text == u"false")
            return false;
        bool ok = false;
        const qlonglong n = text.toLongLong(&ok);
        if (ok)
            return double(n);
        return text;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray array;
        for (const auto &child : node)
            array.append(toJson(child));
        return array;
    }
    case YAML::NodeType::Map: {
        QJsonObject object;
        for (const auto &kv : node)
            object.insert(str(kv.first.Scalar()), toJson(kv.second));
        return object;
    }
    }
    return QJsonValue::Null;
}

void YamlJson::write(YAML::Emitter &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out << YAML::Null;
        break;
    case QJsonValue::Bool:
        out << value.toBool();
        break;
    case QJsonValue::Double:
        out << static_cast<long long>(value.toInteger());
        break;
    case QJsonValue::String:
        out << YAML::DoubleQuoted << value.toString().toStdString();
        break;
    case QJsonValue::Array:
        out << YAML::BeginSeq;
        for (const auto &v : value.toArray())
            write(out, v);
        out << YAML::EndSeq;
        break;
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        out << YAML::BeginMap;
        for (auto it = object.begin(); it != object.end(); ++it) {
            out << YAML::Key << YAML::DoubleQuoted << it.key().toStdString() << YAML::Value;
            write(out, it.value());
        }
        out << YAML::EndMap;
        break;
    }
    }
}

} // namespace gantry
