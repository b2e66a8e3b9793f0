// gantryctl: the command line of Gantry. Every command is one call (or a few) to gantryd's API.
#include "ctlarguments.h"
#include "ctlcommand.h"
#include "ctlsession.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

#include <cstdio>

using namespace gantry;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gantryctl"));

    QHash<QString, QString> environment;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {QStringLiteral("GANTRY_ADDR"), QStringLiteral("GANTRY_TOKEN"),
                                QStringLiteral("GANTRY_CACERT")})
        if (env.contains(name))
            environment.insert(name, env.value(name));

    QString error;
    const auto args = CtlArguments::parse(app.arguments().mid(1), environment, &error);
    if (!args) {
        std::fprintf(stderr, "gantryctl: %s\nTry 'gantryctl --help'.\n", qPrintable(error));
        return kExitUsage;
    }
    if (args->words.isEmpty()) {
        std::fprintf(args->help ? stdout : stderr, "%s", qPrintable(CtlArguments::usage()));
        return args->help ? kExitOk : kExitUsage;
    }

    CtlSession session(*args);
    qsizetype used = 0;
    const CtlCommand *command = CtlRegistry::find(args->words, &used);
    if (!command)
        return session.usageError(
            QStringLiteral("unknown command \"%1\"").arg(args->words.join(' ')));
    if (args->help) {
        std::printf("%s", qPrintable(command->help()));
        return kExitOk;
    }
    const auto invocation = command->parse(args->words.mid(used), &error);
    if (!invocation)
        return session.usageError(error);
    if (command->needsConnection)
        if (const int code = session.connect(); code != kExitOk)
            return code;
    return command->run(session, *invocation);
}
