#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace gantry {

bool Translations::install(QCoreApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    QLocale::setDefault(locale);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto *ours = new QTranslator(&app);
    bool found =
        ours->load(locale, QStringLiteral("gantry"), QStringLiteral("_"), QStringLiteral(":/i18n"));
    // Without a translation (or under the C locale) the console speaks English, which has
    // its own file only for the plural forms ("1 job", "2 jobs").
    if (!found)
        (void)ours->load(QStringLiteral(":/i18n/gantry_en.qm"));
    if (!ours->isEmpty())
        QCoreApplication::installTranslator(ours);
    return found;
}

} // namespace gantry
