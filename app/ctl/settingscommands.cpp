// gantryctl settings: get, schema, validate, import, apply, history, diff, rollback, export.
#include "atomicfile.h"
#include "ctlcommand.h"
#include "ctlsession.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gantry {

namespace {

QString show(const QJsonValue &v)
{
    if (v.isObject() && v.toObject().contains("set") && v.toObject().size() == 1)
        return v.toObject().value("set").toBool() ? QStringLiteral("(secret: set)")
                                                  : QStringLiteral("(secret: not set)");
    if (v.isString())
        return v.toString();
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("-");
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble());
    return QString::fromUtf8(v.isArray()
                                 ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

// Every leaf of a settings object as "path = value" lines.
void flatten(const QString &prefix, const QJsonObject &o, QList<QStringList> *rows)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + '.' + it.key();
        const QJsonValue v = it.value();
        if (v.isObject() && !(v.toObject().size() == 1 && v.toObject().contains("set")))
            flatten(path, v.toObject(), rows);
        else
            rows->append({path, show(v)});
    }
}

std::optional<QByteArray> readFile(CtlSession &session, const QString &path, int *code)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *code = session.usageError(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
        return std::nullopt;
    }
    return f.readAll();
}

int printFieldErrors(CtlSession &session, const QJsonArray &errors)
{
    QList<QStringList> rows;
    for (const QJsonValue &e : errors)
        rows << QStringList{e.toObject().value("field").toString(),
                            e.toObject().value("message").toString()};
    session.printTable({"Field", "Problem"}, rows);
    return kExitFailed;
}

int runGet(CtlSession &session, const CtlInvocation &inv)
{
    const ApiResult r = session.call("GET", QStringLiteral("/v1/settings"));
    if (!r.ok())
        return session.fail(r);
    const QJsonObject o = r.json.object();
    QJsonValue value = o.value("settings");
    if (!inv.positionals.isEmpty()) {
        for (const QString &part : inv.positionals.at(0).split('.')) {
            if (!value.isObject() || !value.toObject().contains(part))
                return session.usageError(QStringLiteral("settings get: no setting %1 (see "
                                                         "`gantryctl settings schema`)")
                                              .arg(inv.positionals.at(0)));
            value = value.toObject().value(part);
        }
    }
    if (session.json()) {
        session.printJson(inv.positionals.isEmpty()
                              ? QJsonValue(o)
                              : (value.isArray() || value.isObject()
                                     ? value
                                     : QJsonValue(QJsonObject{{"value", value}})));
        return kExitOk;
    }
    if (inv.positionals.isEmpty())
        session.printLine(QStringLiteral("Version %1%2")
                              .arg(o.value("version").toInt())
                              .arg(o.value("staged").toBool()
                                       ? QStringLiteral(" (a draft is staged)")
                                       : QString()));
    if (value.isObject() && !(value.toObject().size() == 1 && value.toObject().contains("set"))) {
        QList<QStringList> rows;
        flatten(inv.positionals.value(0), value.toObject(), &rows);
        session.printTable({"Setting", "Value"}, rows);
    } else {
        session.printLine(show(value));
    }
    return kExitOk;
}

int runSchema(CtlSession &session, const CtlInvocation &)
{
    const ApiResult r = session.call("GET", QStringLiteral("/v1/settings/schema"));
    if (!r.ok())
        return session.fail(r);
    if (session.json()) {
        session.printJson(r.json.object());
        return kExitOk;
    }
    QList<QStringList> rows;
    for (const QJsonValue &g : r.json.object().value("groups").toArray())
        for (const QJsonValue &i : g.toObject().value("items").toArray()) {
            const QJsonObject item = i.toObject();
            QStringList flags;
            if (item.value("required").toBool())
                flags << QStringLiteral("required");
            if (item.value("secret").toBool())
                flags << QStringLiteral("secret");
            if (item.value("write_once").toBool())
                flags << QStringLiteral("write-once");
            if (item.contains("when"))
                flags << QStringLiteral("when ") + show(item.value("when"));
            rows << QStringList{item.value("path").toString(), item.value("type").toString(),
                                flags.join(", "), item.value("label").toString()};
        }
    session.printTable({"Path", "Type", "Flags", "Label"}, rows);
    return kExitOk;
}

int runValidate(CtlSession &session, const CtlInvocation &inv)
{
    int code = kExitOk;
    const auto yaml = readFile(session, inv.positionals.at(0), &code);
    if (!yaml)
        return code;
    const ApiResult r =
        session.call("POST", QStringLiteral("/v1/settings/validate"), *yaml, "application/yaml");
    if (!r.ok())
        return session.fail(r);
    const QJsonObject o = r.json.object();
    if (session.json())
        session.printJson(o);
    else if (o.value("ok").toBool())
        session.printLine(QStringLiteral("%1: valid").arg(inv.positionals.at(0)));
    else
        printFieldErrors(session, o.value("errors").toArray());
    return o.value("ok").toBool() ? kExitOk : kExitFailed;
}

int runImport(CtlSession &session, const CtlInvocation &inv)
{
    int code = kExitOk;
    const auto yaml = readFile(session, inv.positionals.at(0), &code);
    if (!yaml)
        return code;
    const ApiResult current = session.call("GET", QStringLiteral("/v1/settings"));
    if (!current.ok())
        return session.fail(current);
    const int base = current.json.object().value("version").toInt();
    const ApiResult r = session.call("PUT", QStringLiteral("/v1/settings"), *yaml,
                                     "application/yaml", {{"If-Match", QByteArray::number(base)}});
    if (!r.ok()) {
        if (!session.json() && !r.error.fields.isEmpty()) {
            session.printLine(QStringLiteral("%1 is not valid:").arg(inv.positionals.at(0)));
            QJsonArray list;
            for (const FieldError &f : r.error.fields)
                list.append(QJsonObject{{"field", f.field}, {"message", f.message}});
            return printFieldErrors(session, list);
        }
        return session.fail(r);
    }
    if (session.json())
        session.printJson(r.json.object());
    else
        session.printLine(QStringLiteral("Staged against version %1. Review it with `gantryctl "
                                         "settings get`, then `gantryctl settings apply`.")
                              .arg(base));
    return kExitOk;
}

int runApply(CtlSession &session, const CtlInvocation &)
{
    const ApiResult r = session.call("POST", QStringLiteral("/v1/settings/apply"));
    if (!r.ok()) {
        if (!session.json() && !r.error.fields.isEmpty()) {
            session.printLine(r.error.message);
            QJsonArray list;
            for (const FieldError &f : r.error.fields)
                list.append(QJsonObject{{"field", f.field}, {"message", f.message}});
            return printFieldErrors(session, list);
        }
        return session.fail(r);
    }
    const QJsonObject o = r.json.object();
    if (session.json()) {
        session.printJson(o);
        return kExitOk;
    }
    session.printLine(
        QStringLiteral("Applied: settings version %1").arg(o.value("version").toInt()));
    if (o.value("restart_required").toBool())
        session.printLine(
            QStringLiteral("The TLS settings changed: restart gantryd to serve HTTPS with them."));
    return kExitOk;
}

int runHistory(CtlSession &session, const CtlInvocation &)
{
    const ApiResult r = session.call("GET", QStringLiteral("/v1/settings/history"));
    if (!r.ok())
        return session.fail(r);
    if (session.json()) {
        session.printJson(r.json.array());
        return kExitOk;
    }
    QList<QStringList> rows;
    for (const QJsonValue &v : r.json.array()) {
        const QJsonObject o = v.toObject();
        QStringList paths;
        for (const QJsonValue &p : o.value("changed_paths").toArray())
            paths << p.toString();
        rows << QStringList{QString::number(o.value("version").toInt()), o.value("time").toString(),
                            o.value("actor").toString(), o.value("action").toString(),
                            paths.join(", ")};
    }
    session.printTable({"Version", "Time", "Actor", "Action", "Changed"}, rows);
    return kExitOk;
}

int runDiff(CtlSession &session, const CtlInvocation &inv)
{
    const ApiResult r = session.call("GET", QStringLiteral("/v1/settings/diff?from=%1&to=%2")
                                                .arg(inv.positionals.at(0), inv.positionals.at(1)));
    if (!r.ok())
        return session.fail(r);
    if (session.json()) {
        session.printJson(r.json.object());
        return kExitOk;
    }
    QList<QStringList> rows;
    for (const QJsonValue &v : r.json.object().value("changes").toArray()) {
        const QJsonObject c = v.toObject();
        const bool secret = c.value("secret").toBool();
        const bool both = secret && c.value("from").toObject().value("set").toBool() &&
                          c.value("to").toObject().value("set").toBool();
        // A secret says only whether it is set on each side (older gantryd: only that it changed).
        rows << (secret && !c.value("to").isObject()
                     ? QStringList{c.value("path").toString(), QStringLiteral("(secret)"),
                                   QStringLiteral("(changed)")}
                     : QStringList{c.value("path").toString(), show(c.value("from")),
                                   show(c.value("to")) +
                                       (both ? QStringLiteral(", changed") : QString())});
    }
    if (rows.isEmpty())
        session.printLine(QStringLiteral("No differences"));
    else
        session.printTable({"Setting", QStringLiteral("Version %1").arg(inv.positionals.at(0)),
                            QStringLiteral("Version %1").arg(inv.positionals.at(1))},
                           rows);
    return kExitOk;
}

int runRollback(CtlSession &session, const CtlInvocation &inv)
{
    bool ok = false;
    const int version = inv.positionals.at(0).toInt(&ok);
    if (!ok || version < 1)
        return session.usageError(
            QStringLiteral("settings rollback: VERSION must be a number ≥ 1"));
    if (!inv.has(QStringLiteral("yes")) &&
        !session.confirm(QStringLiteral("Apply a new version equal to version %1?").arg(version)))
        return kExitFailed;
    const ApiResult r = session.call(
        "POST", QStringLiteral("/v1/settings/rollback"),
        QJsonDocument(QJsonObject{{"version", version}}).toJson(QJsonDocument::Compact));
    if (!r.ok())
        return session.fail(r);
    if (session.json())
        session.printJson(r.json.object());
    else
        session.printLine(QStringLiteral("Rolled back: version %1 now equals version %2")
                              .arg(r.json.object().value("version").toInt())
                              .arg(version));
    return kExitOk;
}

int runExport(CtlSession &session, const CtlInvocation &inv)
{
    const bool secrets = inv.has(QStringLiteral("include-secrets"));
    const ApiResult r = session.call(
        "POST", QStringLiteral("/v1/settings/export"),
        QJsonDocument(QJsonObject{{"include_secrets", secrets}}).toJson(QJsonDocument::Compact));
    if (!r.ok())
        return session.fail(r);
    // A file with secrets in it is private to its owner from the first byte.
    const QString why =
        AtomicFile::write(inv.positionals.at(0), r.raw,
                          secrets ? QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                  : QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                        QFileDevice::ReadGroup | QFileDevice::ReadOther);
    if (!why.isEmpty()) {
        std::fprintf(stderr, "gantryctl: %s\n", qPrintable(why));
        return kExitFailed;
    }
    session.printLine(QStringLiteral("Wrote %1%2")
                          .arg(inv.positionals.at(0),
                               secrets ? QStringLiteral(" (with secrets, mode 0600)") : QString()));
    return kExitOk;
}

} // namespace

QList<CtlCommand> settingsCommands()
{
    return {
        {{"settings", "get"},
         "[PATH]",
         "the applied settings (secrets only as set/not set), or one of them",
         {},
         0,
         1,
         &runGet},
        {{"settings", "schema"},
         {},
         "every setting: path, type, required, secret, write-once, when",
         {},
         0,
         0,
         &runSchema},
        {{"settings", "validate"},
         "FILE",
         "check a settings YAML document and list every problem",
         {},
         1,
         1,
         &runValidate},
        {{"settings", "import"},
         "FILE",
         "stage a settings YAML document (based on the current version) for apply",
         {},
         1,
         1,
         &runImport},
        {{"settings", "apply"},
         {},
         "apply the staged draft as a new version and render its files",
         {},
         0,
         0,
         &runApply},
        {{"settings", "history"},
         {},
         "applied versions with time, actor and changed settings",
         {},
         0,
         0,
         &runHistory},
        {{"settings", "diff"},
         "FROM TO",
         "what changed between two versions (secrets only as changed)",
         {},
         2,
         2,
         &runDiff},
        {{"settings", "rollback"},
         "[-yes] VERSION",
         "apply a new version equal to an earlier one",
         {{"yes", false, "do not ask for confirmation"}},
         1,
         1,
         &runRollback},
        {{"settings", "export"},
         "[-include-secrets] FILE",
         "write the applied settings as a YAML document that import takes back",
         {{"include-secrets", false, "include secret values (the file is then mode 0600)"}},
         1,
         1,
         &runExport},
    };
}

} // namespace gantry
