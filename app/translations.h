// Loads the console's translations (compiled into gantry from translations/*.ts) and Qt's own.
#pragma once

#include <QString>

class QCoreApplication;

namespace gantry {

struct Translations
{
    // language: "de", "ja", "en"; empty: the system's locale. Returns false when no
    // translation of Gantry exists for it (English is then shown).
    static bool install(QCoreApplication &app, const QString &language);
};

} // namespace gantry
