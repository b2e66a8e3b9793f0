// schemastrings SCHEMA OUT: writes the schema's user-facing strings (group and item labels and
// help, option labels) as QT_TRANSLATE_NOOP("SettingsSchema", …) into OUT, a C++ file that only
// lupdate reads. The console translates them in the same context (SettingsFormSchema,
// SettingsField), so a new setting's words reach the .ts files with no code written for them.
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <iostream>
#include <set>
#include <string>

namespace {

std::string cppLiteral(const std::string &text)
{
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            out += c;
        }
    }
    return out + "\"";
}

void collect(const YAML::Node &node, std::set<std::string> &strings)
{
    for (const char *key : {"label", "help"})
        if (node[key] && node[key].IsScalar() && !node[key].Scalar().empty())
            strings.insert(node[key].Scalar());
    for (const char *list : {"items", "options"})
        if (node[list] && node[list].IsSequence())
            for (const YAML::Node &child : node[list])
                collect(child, strings);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::cerr << "usage: schemastrings SCHEMA.yaml OUT.cpp\n";
        return 2;
    }
    std::set<std::string> strings;
    try {
        const YAML::Node schema = YAML::LoadFile(argv[1]);
        for (const YAML::Node &group : schema["groups"])
            collect(group, strings);
    } catch (const YAML::Exception &e) {
        std::cerr << "schemastrings: " << argv[1] << ": " << e.what() << "\n";
        return 1;
    }
    const std::string tmp = std::string(argv[2]) + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << "// Generated from the settings schema by schemastrings: read by lupdate only.\n"
               "static const char *const kSchemaStrings[] = {\n";
        for (const std::string &s : strings)
            out << "    QT_TRANSLATE_NOOP(\"SettingsSchema\", " << cppLiteral(s) << "),\n";
        out << "};\n";
        if (!out.flush()) {
            std::cerr << "schemastrings: cannot write " << tmp << "\n";
            return 1;
        }
    }
    if (std::rename(tmp.c_str(), argv[2]) != 0) {
        std::cerr << "schemastrings: cannot replace " << argv[2] << "\n";
        return 1;
    }
    return 0;
}
