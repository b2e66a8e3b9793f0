#include "checkroutes.h"

#include "api/router.h"
#include "chainfetcher.h"
#include "ldapcheck.h"
#include "proxycheck.h"
#include "selfsignedcertificate.h"
#include "settings/settingsstore.h"
#include "settings/yamljson.h"
#include "tlscheck.h"

#include <QJsonDocument>
#include <yaml-cpp/yaml.h>

namespace gantry {

namespace {

ApiResponse badRequest(const QString &field, const QString &message)
{
    return ApiResponse::error(400, QStringLiteral("validation_failed"),
                              field + QStringLiteral(": ") + message, {{field, message}});
}

bool isKeptSecret(const QJsonValue &v)
{
    return v.isObject() && v.toObject().value("set").toBool();
}

} // namespace

std::optional<QJsonObject> CheckRoutes::fragment(const SettingsStore &settings,
                                                 const QJsonObject &request,
                                                 const QStringList &groups, QString *error)
{
    QJsonObject given;
    if (request.contains("settings_yaml")) {
        try {
            const QJsonValue doc = YamlJson::toJson(
                YAML::Load(request.value("settings_yaml").toString().toStdString()));
            if (!doc.isObject()) {
                *error =
                    QStringLiteral("settings_yaml: not a settings document (a mapping of groups)");
                return std::nullopt;
            }
            given = doc.toObject();
        } catch (const YAML::Exception &e) {
            *error = QStringLiteral("settings_yaml: line %1, column %2: %3")
                         .arg(e.mark.line + 1)
                         .arg(e.mark.column + 1)
                         .arg(QString::fromStdString(e.msg));
            return std::nullopt;
        }
    } else {
        given = request;
    }
    // The applied values, secrets in plaintext: gantryd's own use, never returned.
    QJsonObject applied;
    const SettingsDocument current = settings.current();
    for (auto it = current.values().cbegin(); it != current.values().cend(); ++it)
        SettingsDocument::setNested(applied, it.key(), it.value());
    for (auto it = current.secrets().cbegin(); it != current.secrets().cend(); ++it)
        SettingsDocument::setNested(applied, it.key(), it.value());
    QJsonObject out;
    for (const QString &group : groups) {
        const QJsonValue g = given.value(group);
        if (!g.isUndefined() && !g.isObject()) {
            *error = QStringLiteral("%1: must be an object of %1 settings").arg(group);
            return std::nullopt;
        }
        QJsonObject merged = g.isObject() ? g.toObject() : applied.value(group).toObject();
        const QJsonObject appliedGroup = applied.value(group).toObject();
        for (auto it = merged.begin(); it != merged.end(); ++it)
            if (isKeptSecret(it.value()))
                it.value() = appliedGroup.value(it.key());
        out.insert(group, merged);
    }
    return out;
}

void CheckRoutes::install(Router &router) const
{
    SettingsStore &s = settings;
    const Router::Options longWork{.bodyLimit = 1024 * 1024, .offEventLoop = true};

    router.add(
        "POST", QStringLiteral("/v1/checks/ldap"),
        [&s](const ApiRequest &r) {
            ApiResponse error;
            const auto b = r.jsonObject(&error);
            if (!b)
                return error;
            if (!b->value("username").isString() || b->value("username").toString().isEmpty())
                return badRequest(QStringLiteral("username"),
                                  QStringLiteral("required: the test user's name"));
            if (!b->value("password").isString() || b->value("password").toString().isEmpty())
                return badRequest(QStringLiteral("password"),
                                  QStringLiteral("required: the test user's password"));
            QString why;
            const auto f = fragment(s, *b, {QStringLiteral("ldap"), QStringLiteral("tls")}, &why);
            if (!f)
                return badRequest(why.section(':', 0, 0), why.section(':', 1).trimmed());
            const LdapCheck::Outcome outcome = LdapCheck::run(*f, b->value("username").toString(),
                                                              b->value("password").toString());
            return ApiResponse::json(outcome.check.toJson());
        },
        longWork);

    router.add(
        "POST", QStringLiteral("/v1/checks/tls"),
        [&s](const ApiRequest &r) {
            ApiResponse error;
            const auto b = r.jsonObject(&error);
            if (!b)
                return error;
            QJsonObject request = *b;
            // Flat form of the issue: {certificate, private_key, hostname}.
            if (b->contains("certificate") || b->contains("private_key")) {
                request = QJsonObject{
                    {"tls", QJsonObject{{"certificate", b->value("certificate")},
                                        {"private_key", b->value("private_key")},
                                        {"custom_root_cas", b->value("custom_root_cas")}}},
                    {"general", QJsonObject{{"hostname", b->value("hostname")}}}};
            }
            QString why;
            const auto f =
                fragment(s, request, {QStringLiteral("tls"), QStringLiteral("general")}, &why);
            if (!f)
                return badRequest(why.section(':', 0, 0), why.section(':', 1).trimmed());
            return ApiResponse::json(TlsCheck::run(*f).toJson());
        },
        longWork);

    router.add(
        "POST", QStringLiteral("/v1/tls/self-signed"),
        [](const ApiRequest &r) {
            ApiResponse error;
            const auto b = r.jsonObject(&error);
            if (!b)
                return error;
            const QString hostname = b->value("hostname").toString().trimmed();
            if (hostname.isEmpty())
                return badRequest(
                    QStringLiteral("hostname"),
                    QStringLiteral("required: the DNS name or IP address users reach"));
            const QJsonValue daysValue = b->value("days");
            const int days = daysValue.isUndefined() ? 365 : daysValue.toInt(-1);
            if (days < 1 || days > 3650)
                return badRequest(QStringLiteral("days"),
                                  QStringLiteral("a whole number from 1 to 3650"));
            QString why;
            const auto cert = SelfSignedCertificate::generate(hostname, days, &why);
            if (!cert)
                return badRequest(QStringLiteral("hostname"), why);
            return ApiResponse::json(cert->toJson());
        },
        Router::Options{.bodyLimit = 4096, .offEventLoop = true});

    router.add(
        "POST", QStringLiteral("/v1/tls/fetch-chain"),
        [](const ApiRequest &r) {
            ApiResponse error;
            const auto b = r.jsonObject(&error);
            if (!b)
                return error;
            const QString host = b->value("host").toString().trimmed();
            const int port = b->value("port").toInt(443);
            if (host.isEmpty())
                return badRequest(QStringLiteral("host"),
                                  QStringLiteral("required: a host name or IP address"));
            if (port < 1 || port > 65535)
                return badRequest(QStringLiteral("port"), QStringLiteral("a port from 1 to 65535"));
            return ApiResponse::json(ChainFetcher::fetch(host, port).toJson());
        },
        longWork);

    router.add(
        "POST", QStringLiteral("/v1/checks/proxy"),
        [&s](const ApiRequest &r) {
            ApiResponse error;
            const auto b = r.jsonObject(&error);
            if (!b)
                return error;
            QJsonObject request = *b;
            if (b->contains("http_proxy") || b->contains("https_proxy"))
                request =
                    QJsonObject{{"proxy", QJsonObject{{"http_proxy", b->value("http_proxy")},
                                                      {"https_proxy", b->value("https_proxy")},
                                                      {"no_proxy", b->value("no_proxy")}}}};
            const QUrl target(b->value("url").toString(), QUrl::StrictMode);
            if (!b->value("url").toString().isEmpty() &&
                (!target.isValid() || target.host().isEmpty() ||
                 (target.scheme() != "http" && target.scheme() != "https")))
                return badRequest(QStringLiteral("url"),
                                  QStringLiteral("an http(s):// URL to fetch through the proxy"));
            QString why;
            const auto f =
                fragment(s, request, {QStringLiteral("proxy"), QStringLiteral("general")}, &why);
            if (!f)
                return badRequest(why.section(':', 0, 0), why.section(':', 1).trimmed());
            return ApiResponse::json(ProxyCheck::run(*f, target).toJson());
        },
        longWork);
}

} // namespace gantry
