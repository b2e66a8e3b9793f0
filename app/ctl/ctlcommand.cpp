#include "ctlcommand.h"

#include <QCoreApplication>

namespace gantry {

std::optional<CtlInvocation> CtlCommand::parse(const QStringList &arguments, QString *error) const
{
    CtlInvocation inv;
    auto fail = [&](const QString &why) -> std::optional<CtlInvocation> {
        *error = QStringLiteral("%1: %2").arg(name(), why);
        return std::nullopt;
    };
    bool onlyPositionals = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (onlyPositionals || !arg.startsWith('-') || arg == QStringLiteral("-")) {
            inv.positionals << arg;
            continue;
        }
        if (arg == QStringLiteral("--")) {
            onlyPositionals = true;
            continue;
        }
        QString flagName = arg.mid(arg.startsWith(QStringLiteral("--")) ? 2 : 1);
        QString inlineValue;
        bool hasInline = false;
        if (const qsizetype eq = flagName.indexOf('='); eq >= 0) {
            inlineValue = flagName.mid(eq + 1);
            flagName = flagName.left(eq);
            hasInline = true;
        }
        const auto spec = std::find_if(flags.cbegin(), flags.cend(),
                                       [&](const CtlFlag &f) { return f.name == flagName; });
        if (spec == flags.cend()) {
            QStringList known;
            for (const CtlFlag &f : flags)
                known << QLatin1Char('-') + f.name;
            return fail(QStringLiteral("unknown flag %1%2")
                            .arg(arg.section('=', 0, 0),
                                 known.isEmpty()
                                     ? QStringLiteral(" (it takes none)")
                                     : QStringLiteral(" (known: %1)").arg(known.join(", "))));
        }
        if (spec->takesValue) {
            if (!hasInline) {
                if (i + 1 >= arguments.size())
                    return fail(QStringLiteral("-%1 needs a value").arg(flagName));
                inlineValue = arguments[++i];
            }
            inv.values.insert(flagName, inlineValue);
        } else {
            if (hasInline)
                return fail(QStringLiteral("-%1 takes no value").arg(flagName));
            inv.switches.insert(flagName);
        }
    }
    if (inv.positionals.size() < minPositionals)
        return fail(
            QStringLiteral("missing argument; usage: gantryctl %1 %2").arg(name(), synopsis));
    if (inv.positionals.size() > maxPositionals)
        return fail(QStringLiteral("unexpected argument \"%1\"; usage: gantryctl %2 %3")
                        .arg(inv.positionals.at(maxPositionals), name(), synopsis)
                        .trimmed());
    return inv;
}

QString CtlCommand::help() const
{
    QString text = QStringLiteral("Usage: gantryctl [global options] %1 %2\n\n%3\n")
                       .arg(name(), synopsis, summary);
    if (!flags.isEmpty()) {
        text += QStringLiteral("\nFlags:\n");
        for (const CtlFlag &f : flags)
            text += QStringLiteral("  -%1%2\n      %3\n")
                        .arg(f.name, f.takesValue ? QStringLiteral(" VALUE") : QString(), f.help);
    }
    return text;
}

const QList<CtlCommand> &CtlRegistry::all()
{
    static const QList<CtlCommand> commands = [] {
        QList<CtlCommand> list;
        list += systemCommands();
        list += fleetCommands();
        list += settingsCommands();
        list += checkCommands();
        list += auditCommands();
        return list;
    }();
    return commands;
}

const CtlCommand *CtlRegistry::find(const QStringList &words, qsizetype *used)
{
    const CtlCommand *best = nullptr;
    for (const CtlCommand &c : all()) {
        if (c.words.size() > words.size() || (best && best->words.size() >= c.words.size()))
            continue;
        if (words.mid(0, c.words.size()) == c.words)
            best = &c;
    }
    if (best && used)
        *used = best->words.size();
    return best;
}

QString CtlRegistry::overview()
{
    QString text;
    for (const CtlCommand &c : all())
        text += QStringLiteral("  %1\n      %2\n")
                    .arg((c.name() + QLatin1Char(' ') + c.synopsis).trimmed(), c.summary);
    return text;
}

} // namespace gantry
