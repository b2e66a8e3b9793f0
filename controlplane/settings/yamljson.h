// Converts yaml-cpp nodes to JSON values and back, for the schema and the stored documents.
#pragma once

#include <QJsonValue>
#include <QString>
#include <string>

namespace YAML {
class Node;
class Emitter;
} // namespace YAML

namespace gantry {

class YamlJson final
{
public:
    // Plain scalars become bool, integer or null when they read as such; quoted scalars stay
    // strings.
    static QJsonValue toJson(const YAML::Node &node);
    // Emits `value` (objects as block maps, strings always quoted, so they round-trip exactly).
    static void write(YAML::Emitter &out, const QJsonValue &value);
    static QString str(const std::string &s) { return QString::fromStdString(s); }
};

} // namespace gantry
