#include "settingsroutes.h"

#include "api/eventhub.h"
#include "api/router.h"
#include "audit/auditsink.h"
#include "settingsstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace gantry {

namespace {

ApiResponse fromResult(const SettingsResult &result, const QJsonObject &extra = {})
{
    if (!result.ok())
        return ApiResponse::error(result.httpStatus(), result.errorCode(), result.message,
                                  result.errors);
    QJsonObject o = result.toJson();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());
    return ApiResponse::json(o);
}

// If-Match: 3, "3" or W/"3"; absent: stage against whatever is current.
std::optional<int> ifMatch(const ApiRequest &request, ApiResponse *error)
{
    QByteArray value = request.header("if-match").trimmed();
    if (value.isEmpty())
        return SettingsStore::kAnyVersion;
    if (value.startsWith("W/"))
        value = value.mid(2);
    if (value.startsWith('"') && value.endsWith('"') && value.size() >= 2)
        value = value.mid(1, value.size() - 2);
    bool ok = false;
    const int version = value.toInt(&ok);
    if (!ok || version < 0) {
        *error =
            ApiResponse::error(400, QStringLiteral("invalid_header"),
                               QStringLiteral("If-Match must be the settings version the "
                                              "draft is based on, e.g. If-Match: \"3\""),
                               {{QStringLiteral("If-Match"), QStringLiteral("a version number")}});
        return std::nullopt;
    }
    return version;
}

std::optional<int> versionParameter(const QString &text, const QString &name, ApiResponse *error)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < 0) {
        *error = ApiResponse::error(400, QStringLiteral("invalid_parameter"),
                                    QStringLiteral("%1 must be a version number (0 is the empty "
                                                   "document)")
                                        .arg(name),
                                    {{name, QStringLiteral("a whole number ≥ 0")}});
        return std::nullopt;
    }
    return v;
}

} // namespace

void SettingsRoutes::install(Router &router) const
{
    SettingsStore &s = store;
    EventHub &hub = events;
    AuditSink &log = audit;
    const QByteArray schemaJson = QJsonDocument(s.schema().toJson()).toJson(QJsonDocument::Compact);

    router.add("GET", QStringLiteral("/v1/settings"), [&s](const ApiRequest &) {
        QJsonObject o = s.currentForApi();
        o.insert("staged", s.hasStaged());
        return ApiResponse::json(o);
    });

    router.add("GET", QStringLiteral("/v1/settings/schema"), [schemaJson](const ApiRequest &) {
        return ApiResponse{200, "application/json", schemaJson, {}, {}};
    });

    router.add(
        "POST", QStringLiteral("/v1/settings/validate"),
        [&s](const ApiRequest &r) {
            const QList<FieldError> errors = s.validate(r.body);
            QJsonArray list;
            for (const FieldError &e : errors)
                list.append(QJsonObject{{"field", e.field}, {"message", e.message}});
            return ApiResponse::json(QJsonObject{{"ok", errors.isEmpty()}, {"errors", list}});
        },
        Router::Options{.offEventLoop = true, .access = Router::Options::Access::Read});

    router.add("PUT", QStringLiteral("/v1/settings"), [&s, &hub](const ApiRequest &r) {
        ApiResponse error;
        const auto base = ifMatch(r, &error);
        if (!base)
            return error;
        const SettingsResult result = s.stage(r.body, *base);
        if (result.ok())
            hub.publish(QStringLiteral("Settings"), QStringLiteral("staged"),
                        {{"version", result.version}, {"actor", r.identity.name}});
        return fromResult(result, {{"staged", result.ok()}});
    });

    router.add("GET", QStringLiteral("/v1/settings/staged"), [&s](const ApiRequest &) {
        const auto staged = s.stagedForApi();
        if (!staged)
            return ApiResponse::error(404, QStringLiteral("not_found"),
                                      QStringLiteral("no draft is staged"));
        return ApiResponse::json(*staged);
    });

    router.add("DELETE", QStringLiteral("/v1/settings/staged"), [&s](const ApiRequest &) {
        s.discardStaged();
        return ApiResponse::json(QJsonObject{{"staged", false}});
    });

    router.add(
        "POST", QStringLiteral("/v1/settings/apply"),
        [&s, &hub](const ApiRequest &r) {
            const int before = s.currentVersion();
            const SettingsResult result = s.apply(r.identity.name);
            QJsonObject extra;
            if (result.ok()) {
                // gantryd serves HTTPS with the tls settings from its next start.
                const auto diff = s.diff(before, result.version);
                bool tlsChanged = false;
                for (const QJsonValue &d : diff.value_or(QJsonArray()))
                    tlsChanged |= d.toObject().value("path").toString().startsWith("tls.");
                extra.insert("restart_required", tlsChanged);
                hub.publish(QStringLiteral("Settings"), QStringLiteral("applied"),
                            {{"version", result.version}, {"actor", r.identity.name}});
            }
            return fromResult(result, extra);
        },
        Router::Options{.bodyLimit = 0, .offEventLoop = true});

    router.add("GET", QStringLiteral("/v1/settings/history"), [&s](const ApiRequest &) {
        QJsonArray list;
        for (const SettingsVersionInfo &v : s.history())
            list.append(v.toJson());
        return ApiResponse::json(list);
    });

    router.add("GET", QStringLiteral("/v1/settings/history/:version"), [&s](const ApiRequest &r) {
        ApiResponse error;
        const auto v = versionParameter(r.params.value(QStringLiteral("version")),
                                        QStringLiteral("version"), &error);
        if (!v)
            return error;
        const auto o = s.version(*v);
        if (!o)
            return ApiResponse::error(404, QStringLiteral("not_found"),
                                      QStringLiteral("no settings version %1").arg(*v));
        return ApiResponse::json(*o);
    });

    router.add("GET", QStringLiteral("/v1/settings/diff"), [&s](const ApiRequest &r) {
        ApiResponse error;
        const auto from = versionParameter(r.query.queryItemValue(QStringLiteral("from")),
                                           QStringLiteral("from"), &error);
        if (!from)
            return error;
        const QString toText = r.query.queryItemValue(QStringLiteral("to"));
        const auto to = toText.isEmpty() ? std::optional<int>(s.currentVersion())
                                         : versionParameter(toText, QStringLiteral("to"), &error);
        if (!to)
            return error;
        const auto diff = s.diff(*from, *to);
        if (!diff)
            return ApiResponse::error(
                404, QStringLiteral("not_found"),
                QStringLiteral("no settings version %1 or %2").arg(*from).arg(*to));
        return ApiResponse::json(QJsonObject{{"from", *from}, {"to", *to}, {"changes", *diff}});
    });

    router.add(
        "POST", QStringLiteral("/v1/settings/rollback"),
        [&s, &hub](const ApiRequest &r) {
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            const QJsonValue v = body.value("version");
            if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < 1)
                return ApiResponse::error(
                    400, QStringLiteral("validation_failed"),
                    QStringLiteral("version must be the number of an "
                                   "applied settings version"),
                    {{QStringLiteral("version"), QStringLiteral("a whole number ≥ 1")}});
            const SettingsResult result = s.rollback(v.toInt(), r.identity.name);
            if (result.ok())
                hub.publish(QStringLiteral("Settings"), QStringLiteral("rolled_back"),
                            {{"version", result.version}, {"to", v.toInt()}});
            return fromResult(result);
        },
        Router::Options{.bodyLimit = 4096, .offEventLoop = true});

    // An export with secrets is the one place secrets leave gantryd: admins only, audited.
    router.add("POST", QStringLiteral("/v1/settings/export"), [&s, &log](const ApiRequest &r) {
        const bool secrets =
            QJsonDocument::fromJson(r.body).object().value("include_secrets").toBool();
        AuditEvent e = AuditEvent::make(QStringLiteral("settings.export"), r.identity.actor(),
                                        SettingsStore::auditTarget(s.currentVersion()),
                                        {{"include_secrets", secrets}});
        e.request = r.auditRequest();
        log.record(e);
        return ApiResponse{200, "application/yaml", s.exportYaml(secrets), {}, {}};
    });
}

} // namespace gantry
