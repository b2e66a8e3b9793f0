// gantryctl's nomad-style fleet verbs: status, node status, node drain, node eligibility,
// job run, job cancel, job approve, logs.
#include "ctlcommand.h"
#include "ctlsession.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrlQuery>

namespace gantry {

namespace {

QString shortId(const QString &id)
{
    return id.left(8);
}

QString text(const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("-");
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble());
    return v.toString();
}

// Go-style durations as the nomad CLI takes them: 1h, 30m, 90s, 1h30m, 2d.
std::optional<qint64> parseDuration(const QString &value)
{
    static const QRegularExpression whole(QStringLiteral("^(\\d+[dhms])+$"));
    if (!whole.match(value).hasMatch())
        return std::nullopt;
    static const QRegularExpression part(QStringLiteral("(\\d+)([dhms])"));
    qint64 seconds = 0;
    for (auto it = part.globalMatch(value); it.hasNext();) {
        const auto m = it.next();
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).at(0);
        seconds += n * (unit == 'd' ? 86400 : unit == 'h' ? 3600 : unit == 'm' ? 60 : 1);
    }
    return seconds;
}

// A node or job id from a prefix, as nomad accepts (unique prefix of at least one character).
std::optional<QString> resolve(CtlSession &session, const QString &listPath, const QString &prefix,
                               const QString &what, int *exitCode)
{
    const ApiResult r = session.call("GET", listPath);
    if (!r.ok()) {
        *exitCode = session.fail(r);
        return std::nullopt;
    }
    QStringList matches;
    for (const QJsonValue &v : r.json.array()) {
        const QString id = v.toObject().value("id").toString();
        if (id == prefix)
            return id;
        if (id.startsWith(prefix) || v.toObject().value("name").toString() == prefix)
            matches << id;
    }
    if (matches.size() == 1)
        return matches.constFirst();
    *exitCode = session.usageError(
        matches.isEmpty() ? QStringLiteral("no %1 matches \"%2\"").arg(what, prefix)
                          : QStringLiteral("\"%1\" matches %2 %3s: give more of the id")
                                .arg(prefix)
                                .arg(matches.size())
                                .arg(what));
    *exitCode = matches.isEmpty() ? kExitFailed : kExitUsage;
    return std::nullopt;
}

QStringList allocationRow(const QJsonObject &a)
{
    return {shortId(a.value("id").toString()),
            shortId(a.value("node_id").toString()),
            text(a.value("index")),
            a.value("client_status").toString(),
            text(a.value("exit_code")),
            text(a.value("started_at")),
            text(a.value("finished_at"))};
}

const QStringList kAllocationHeader{QStringLiteral("ID"),      QStringLiteral("Node ID"),
                                    QStringLiteral("Index"),   QStringLiteral("Status"),
                                    QStringLiteral("Exit"),    QStringLiteral("Started"),
                                    QStringLiteral("Finished")};

int runStatus(CtlSession &session, const CtlInvocation &inv)
{
    if (inv.positionals.isEmpty()) {
        const ApiResult r = session.call("GET", QStringLiteral("/v1/jobs?limit=1000"));
        if (!r.ok())
            return session.fail(r);
        if (session.json()) {
            session.printJson(r.json.array());
            return kExitOk;
        }
        QList<QStringList> rows;
        for (const QJsonValue &v : r.json.array()) {
            const QJsonObject j = v.toObject();
            rows << QStringList{shortId(j.value("id").toString()), j.value("name").toString(),
                                j.value("workflow").toString(),    j.value("type").toString(),
                                text(j.value("priority")),         j.value("status").toString(),
                                text(j.value("outcome"))};
        }
        if (rows.isEmpty())
            session.printLine(QStringLiteral("No running jobs"));
        else
            session.printTable({"ID", "Name", "Workflow", "Type", "Priority", "Status", "Outcome"},
                               rows);
        return kExitOk;
    }
    int code = kExitOk;
    const auto id = resolve(session, QStringLiteral("/v1/jobs?limit=1000"), inv.positionals.at(0),
                            QStringLiteral("job"), &code);
    if (!id)
        return code;
    const ApiResult r = session.call("GET", QStringLiteral("/v1/job/") + *id);
    if (!r.ok())
        return session.fail(r);
    const QJsonObject j = r.json.object();
    if (session.json()) {
        session.printJson(j);
        return kExitOk;
    }
    const QList<std::pair<QString, QString>> fields{
        {"ID", j.value("id").toString()},
        {"Name", j.value("name").toString()},
        {"Workflow", j.value("workflow").toString()},
        {"Workflow run", j.value("workflow_run_id").toString()},
        {"Type", j.value("type").toString()},
        {"Priority", text(j.value("priority"))},
        {"Resource class", j.value("resource_class").toString()},
        {"Status",
         j.value("status").toString() + (j.value("on_hold").toBool() ? " (on hold)" : "")},
        {"Outcome", text(j.value("outcome"))},
        {"Description", text(j.value("status_description"))},
        {"Submitted", text(j.value("submitted_at"))},
        {"Queue time",
         j.value("queue_seconds").isNull() ? "-" : text(j.value("queue_seconds")) + " s"}};
    for (const auto &[k, v] : fields)
        session.printLine(k.leftJustified(15) + "= " + v);
    session.printLine(QString());
    session.printLine(QStringLiteral("Allocations"));
    QList<QStringList> rows;
    for (const QJsonValue &a : j.value("allocations").toArray())
        rows << allocationRow(a.toObject());
    session.printTable(kAllocationHeader, rows);
    return kExitOk;
}

int runNodeStatus(CtlSession &session, const CtlInvocation &inv)
{
    const ApiResult r = session.call("GET", QStringLiteral("/v1/nodes"));
    if (!r.ok())
        return session.fail(r);
    QJsonArray nodes = r.json.array();
    if (inv.positionals.size() == 1) {
        int code = kExitOk;
        const auto id = resolve(session, QStringLiteral("/v1/nodes"), inv.positionals.at(0),
                                QStringLiteral("node"), &code);
        if (!id)
            return code;
        const ApiResult one = session.call("GET", QStringLiteral("/v1/node/") + *id);
        if (!one.ok())
            return session.fail(one);
        if (session.json()) {
            session.printJson(one.json.object());
            return kExitOk;
        }
        nodes = QJsonArray{one.json.object()};
    }
    if (session.json()) {
        if (inv.has(QStringLiteral("allocs"))) {
            QJsonArray detailed;
            for (const QJsonValue &v : nodes) {
                const ApiResult one = session.call("GET", QStringLiteral("/v1/node/") +
                                                              v.toObject().value("id").toString());
                detailed.append(one.ok() ? QJsonValue(one.json.object()) : v);
            }
            nodes = detailed;
        }
        session.printJson(nodes);
        return kExitOk;
    }
    QList<QStringList> rows;
    for (const QJsonValue &v : nodes) {
        const QJsonObject n = v.toObject();
        const QJsonObject res = n.value("resources").toObject();
        const QJsonObject reserved = n.value("reserved").toObject();
        const QJsonObject used = n.value("allocated").toObject();
        rows << QStringList{
            shortId(n.value("id").toString()),
            n.value("datacenter").toString(),
            n.value("name").toString(),
            n.value("node_class").toString(),
            text(n.value("drain")),
            n.value("eligibility").toString(),
            n.value("status").toString(),
            text(n.value("running_allocs")),
            QStringLiteral("%1/%2")
                .arg(used.value("cpu").toInt())
                .arg(res.value("cpu").toInt() - reserved.value("cpu").toInt()),
            QStringLiteral("%1/%2")
                .arg(used.value("memory_mb").toInt())
                .arg(res.value("memory_mb").toInt() - reserved.value("memory_mb").toInt())};
    }
    session.printTable({"ID", "DC", "Name", "Class", "Drain", "Eligibility", "Status",
                        "Running Allocs", "CPU", "Memory MB"},
                       rows);
    if (inv.has(QStringLiteral("allocs"))) {
        for (const QJsonValue &v : nodes) {
            const QString id = v.toObject().value("id").toString();
            const ApiResult one = session.call("GET", QStringLiteral("/v1/node/") + id);
            if (!one.ok())
                return session.fail(one);
            session.printLine(QString());
            session.printLine(QStringLiteral("Allocations on %1 (%2)")
                                  .arg(v.toObject().value("name").toString(), shortId(id)));
            QList<QStringList> allocRows;
            for (const QJsonValue &a : one.json.object().value("allocations").toArray())
                allocRows << allocationRow(a.toObject());
            session.printTable(kAllocationHeader, allocRows);
        }
    }
    return kExitOk;
}

int runNodeDrain(CtlSession &session, const CtlInvocation &inv)
{
    const bool enable = inv.has(QStringLiteral("enable"));
    if (enable == inv.has(QStringLiteral("disable")))
        return session.usageError(
            QStringLiteral("node drain: give exactly one of -enable and -disable"));
    QJsonObject body{{"enable", enable}};
    if (enable) {
        if (inv.has(QStringLiteral("force")) && inv.has(QStringLiteral("deadline")))
            return session.usageError(
                QStringLiteral("node drain: -force and -deadline exclude each other"));
        if (inv.has(QStringLiteral("force")))
            body.insert("deadline_seconds", -1);
        else if (inv.has(QStringLiteral("no-deadline")))
            body.insert("deadline_seconds", 0);
        else if (inv.has(QStringLiteral("deadline"))) {
            const auto seconds = parseDuration(inv.value(QStringLiteral("deadline")));
            if (!seconds || *seconds <= 0)
                return session.usageError(QStringLiteral("node drain: -deadline \"%1\" is not a "
                                                         "duration like 30m, 1h or 1h30m")
                                              .arg(inv.value(QStringLiteral("deadline"))));
            body.insert("deadline_seconds", *seconds);
        }
        if (inv.has(QStringLiteral("ignore-system")))
            body.insert("ignore_system_jobs", true);
    }
    int code = kExitOk;
    const auto id = resolve(session, QStringLiteral("/v1/nodes"), inv.positionals.at(0),
                            QStringLiteral("node"), &code);
    if (!id)
        return code;
    if (enable && !inv.has(QStringLiteral("yes")) &&
        !session.confirm(
            QStringLiteral("Drain node %1? Its running allocations %2.")
                .arg(shortId(*id), inv.has(QStringLiteral("force"))
                                       ? QStringLiteral("are stopped now")
                                       : QStringLiteral("may finish until the deadline"))))
        return kExitFailed;
    const ApiResult r = session.call("POST", QStringLiteral("/v1/node/%1/drain").arg(*id),
                                     QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (!r.ok())
        return session.fail(r);
    if (session.json())
        session.printJson(r.json.object());
    else
        session.printLine(
            QStringLiteral("Node %1 drain strategy %2")
                .arg(shortId(*id), enable ? QStringLiteral("set") : QStringLiteral("removed")));
    return kExitOk;
}

int runNodeEligibility(CtlSession &session, const CtlInvocation &inv)
{
    const bool enable = inv.has(QStringLiteral("enable"));
    if (enable == inv.has(QStringLiteral("disable")))
        return session.usageError(
            QStringLiteral("node eligibility: give exactly one of -enable and -disable"));
    int code = kExitOk;
    const auto id = resolve(session, QStringLiteral("/v1/nodes"), inv.positionals.at(0),
                            QStringLiteral("node"), &code);
    if (!id)
        return code;
    const QJsonObject body{{"eligibility", enable ? "eligible" : "ineligible"}};
    const ApiResult r = session.call("POST", QStringLiteral("/v1/node/%1/eligibility").arg(*id),
                                     QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (!r.ok())
        return session.fail(r);
    if (session.json())
        session.printJson(r.json.object());
    else
        session.printLine(QStringLiteral("Node %1 scheduling eligibility set to %2")
                              .arg(shortId(*id), enable ? "eligible" : "ineligible"));
    return kExitOk;
}

int runJobRun(CtlSession &session, const CtlInvocation &inv)
{
    QFile file(inv.positionals.at(0));
    if (!file.open(QIODevice::ReadOnly))
        return session.usageError(
            QStringLiteral("job run: cannot read %1: %2").arg(file.fileName(), file.errorString()));
    QUrlQuery query;
    if (inv.has(QStringLiteral("workflow")))
        query.addQueryItem(QStringLiteral("workflow"), inv.value(QStringLiteral("workflow")));
    if (inv.has(QStringLiteral("checkout-dir")))
        query.addQueryItem(QStringLiteral("checkout_dir"),
                           inv.value(QStringLiteral("checkout-dir")));
    if (inv.has(QStringLiteral("priority")))
        query.addQueryItem(QStringLiteral("priority"), inv.value(QStringLiteral("priority")));
    const QString path =
        QStringLiteral("/v1/jobs") +
        (query.isEmpty() ? QString() : QLatin1Char('?') + query.toString(QUrl::FullyEncoded));
    const ApiResult r = session.call("POST", path, file.readAll(), "application/yaml");
    if (!r.ok())
        return session.fail(r);
    const QJsonObject o = r.json.object();
    if (session.json()) {
        session.printJson(o);
        return kExitOk;
    }
    session.printLine(QStringLiteral("Workflow run %1").arg(o.value("workflow_run_id").toString()));
    for (const QJsonValue &v : o.value("jobs").toArray())
        session.printLine(QStringLiteral("%1  %2").arg(v.toObject().value("id").toString(),
                                                       v.toObject().value("name").toString()));
    return kExitOk;
}

int runJobAction(CtlSession &session, const CtlInvocation &inv, const QString &action)
{
    int code = kExitOk;
    const auto id = resolve(session, QStringLiteral("/v1/jobs?limit=1000"), inv.positionals.at(0),
                            QStringLiteral("job"), &code);
    if (!id)
        return code;
    const ApiResult r = session.call("POST", QStringLiteral("/v1/job/%1/%2").arg(*id, action));
    if (!r.ok())
        return session.fail(r);
    if (session.json())
        session.printJson(r.json.object());
    else
        session.printLine(QStringLiteral("Job %1 (%2): %3")
                              .arg(shortId(*id), r.json.object().value("name").toString(),
                                   r.json.object().value("status").toString()));
    return kExitOk;
}

int runLogs(CtlSession &session, const CtlInvocation &inv)
{
    const QString type =
        inv.has(QStringLiteral("stderr")) ? QStringLiteral("stderr") : QStringLiteral("stdout");
    const QString alloc = inv.positionals.at(0);
    const QString path = QStringLiteral("/v1/allocation/%1/logs?type=%2").arg(alloc, type);
    if (inv.has(QStringLiteral("f"))) {
        const ApiResult r = session.streamToStdout(path + QStringLiteral("&follow=true"));
        return r.ok() ? kExitOk : session.fail(r);
    }
    const ApiResult r = session.call("GET", path);
    if (!r.ok())
        return session.fail(r);
    std::fwrite(r.raw.constData(), 1, size_t(r.raw.size()), stdout);
    return kExitOk;
}

} // namespace

QList<CtlCommand> fleetCommands()
{
    return {
        {{"status"},
         "[JOB]",
         "jobs like `nomad status` (newest first); with a job, its details and allocations",
         {},
         0,
         1,
         &runStatus},
        {{"node", "status"},
         "[-allocs] [-self] [NODE]",
         "nodes with drain, eligibility, status, running allocations and resources used",
         {{"allocs", false, "also list each node's allocations"},
          {"self", false, "only the nodes on this machine (every node of a local fleet)"}},
         0,
         1,
         &runNodeStatus},
        {{"node", "drain"},
         "-enable|-disable [-deadline 1h | -no-deadline | -force] [-ignore-system] [-yes] NODE",
         "stop placing work on a node; running allocations may finish until the deadline (default "
         "1h)",
         {{"enable", false, "start draining"},
          {"disable", false, "stop draining (the node becomes eligible again)"},
          {"deadline", true, "how long running allocations may go on: 30m, 1h, 1h30m, 2d"},
          {"no-deadline", false, "let running allocations finish however long they take"},
          {"force", false, "stop the running allocations now"},
          {"ignore-system", false, "leave system jobs running (the local fleet has none)"},
          {"yes", false, "do not ask for confirmation"}},
         1,
         1,
         &runNodeDrain},
        {{"node", "eligibility"},
         "-enable|-disable NODE",
         "whether new allocations may be placed on a node",
         {{"enable", false, "eligible"}, {"disable", false, "ineligible"}},
         1,
         1,
         &runNodeEligibility},
        {{"job", "run"},
         "[-workflow NAME] [-checkout-dir DIR] [-priority N] FILE",
         "submit a CircleCI config.yml as one workflow run and print the job ids",
         {{"workflow", true, "the workflow to run (needed when the file has several)"},
          {"checkout-dir", true, "the directory `checkout` copies (on gantryd's machine)"},
          {"priority", true, "1 to 100 (default 50)"}},
         1,
         1,
         &runJobRun},
        {{"job", "cancel"},
         "JOB",
         "cancel a job (its running allocations are stopped)",
         {},
         1,
         1,
         [](CtlSession &s, const CtlInvocation &i) {
             return runJobAction(s, i, QStringLiteral("cancel"));
         }},
        {{"job", "approve"},
         "JOB",
         "approve a job of `type: approval` that is on hold",
         {},
         1,
         1,
         [](CtlSession &s, const CtlInvocation &i) {
             return runJobAction(s, i, QStringLiteral("approve"));
         }},
        {{"logs"},
         "[-stderr] [-f] ALLOC",
         "an allocation's log; -f follows it until it ends",
         {{"stderr", false, "standard error instead of standard output"},
          {"f", false, "follow: keep printing what the steps write"}},
         1,
         1,
         &runLogs},
    };
}

} // namespace gantry
