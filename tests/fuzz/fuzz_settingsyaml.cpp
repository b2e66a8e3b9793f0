// libFuzzer harness: settings drafts (outside input: PUT /v1/settings, settings validate/import).
// Parses the draft against the real schema, resolves it over an empty document and validates it.
#include "settings/draftparser.h"
#include "settings/settingsschema.h"
#include "settings/settingsvalidator.h"

#include <QFile>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const gantry::SettingsSchema schema = [] {
        QString why;
        QFile file(QStringLiteral(GANTRY_SCHEMA_FILE));
        file.open(QIODevice::ReadOnly);
        const auto s = gantry::SettingsSchema::fromYaml(file.readAll(), &why);
        if (!s)
            __builtin_trap();
        return *s;
    }();
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    const gantry::SettingsDraft draft = gantry::DraftParser::parse(schema, yaml);
    if (draft.ok()) {
        const gantry::SettingsDocument document =
            gantry::DraftParser::resolve(draft, gantry::SettingsDocument());
        gantry::SettingsValidator::validate(schema, document, &draft);
    }
    return 0;
}
