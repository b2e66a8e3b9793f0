// One gantryctl command (e.g. `node drain`): its words, synopsis, flags and positional
// arguments, and what it runs. Flags are parsed the same way for every command: `-flag`,
// `--flag`, `--flag=value` and `-flag value` all work, in any order among the arguments.
#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace gantry {

class CtlSession;

struct CtlFlag
{
    QString name; // without dashes: "deadline"
    bool takesValue = false;
    QString help;
};

struct CtlInvocation
{
    QHash<QString, QString> values; // flags with a value
    QSet<QString> switches;         // flags without one
    QStringList positionals;
    bool has(const QString &flag) const { return switches.contains(flag) || values.contains(flag); }
    QString value(const QString &flag, const QString &fallback = {}) const
    {
        return values.value(flag, fallback);
    }
};

struct CtlCommand
{
    QStringList words; // {"node", "drain"}
    QString synopsis;  // arguments after the words: "-enable|-disable [-deadline 1h] NODE"
    QString summary;   // one line
    QList<CtlFlag> flags;
    int minPositionals = 0;
    int maxPositionals = 0;
    std::function<int(CtlSession &, const CtlInvocation &)> run;
    bool needsConnection = true;

    QString name() const { return words.join(' '); }
    // Parses the arguments after the command's words; on error, nullopt and why.
    std::optional<CtlInvocation> parse(const QStringList &arguments, QString *error) const;
    QString help() const;
};

// Every command of gantryctl, by group (each group in its own file).
QList<CtlCommand> systemCommands();
QList<CtlCommand> fleetCommands();
QList<CtlCommand> settingsCommands();
QList<CtlCommand> checkCommands();
QList<CtlCommand> auditCommands();

struct CtlRegistry
{
    static const QList<CtlCommand> &all();
    // The command whose words start `words` (the longest match), and how many words it used.
    static const CtlCommand *find(const QStringList &words, qsizetype *used);
    static QString overview();
};

} // namespace gantry
