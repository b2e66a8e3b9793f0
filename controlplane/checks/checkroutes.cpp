#include "checkroutes.h"

#include "api/router.h"
#include "chainfetcher.h"
#include "checkrequest.h"
#include "ldapcheck.h"
#include "proxycheck.h"
#include "selfsignedcertificate.h"
#include "settings/settingsstore.h"
#include "settings/validators.h"
#include "tlscheck.h"

#include <QJsonDocument>

namespace gantry {

namespace {

using Need = CheckRequest::Need;

const QString kLdapBody = QStringLiteral(
    R"({"username": "alice", "password": "…", "ldap": {"host": "ldap.example.org", …}, )"
    R"("tls": {"custom_root_cas": […]}} or {"username", "password", "settings_yaml": "…"})");
const QString kTlsBody = QStringLiteral(
    R"({"certificate": "-----BEGIN CERTIFICATE-----…", "private_key": "-----BEGIN PRIVATE )"
    R"(KEY-----…", "hostname": "ci.example.org"} or {"tls": {…}, "general": {"hostname": …}})");
const QString kProxyBody = QStringLiteral(
    R"({"url": "https://github.com/", "http_proxy": "http://10.0.0.33:3128", "https_proxy": )"
    R"(…, "no_proxy": ["10.0.1.238"], "custom_root_cas": […]} or {"url", "proxy": {…}})");
const QString kSelfSignedBody = QStringLiteral(R"({"hostname": "ci.example.org", "days": 365})");
const QString kFetchChainBody = QStringLiteral(R"({"host": "ldap.example.org", "port": 636})");

const QString kCustomRootCas = QStringLiteral("tls.custom_root_cas");

} // namespace

std::optional<QJsonObject> CheckRoutes::fragment(const SettingsStore &settings,
                                                 const QJsonObject &body, const QStringList &groups,
                                                 QString *error)
{
    CheckRequest request(QJsonDocument(body).toJson(QJsonDocument::Compact), QString());
    const QJsonObject f =
        request.settings(settings.schema(), settings.current(), {.groups = groups});
    if (!request.ok()) {
        const FieldError &first = request.errors().first();
        *error = first.field + QStringLiteral(": ") + first.message;
        return std::nullopt;
    }
    return f;
}

void CheckRoutes::install(Router &router) const
{
    SettingsStore &s = settings;
    // Admins only, though a check changes nothing: a check runs with the saved secrets (an LDAP
    // test with {"set": true} binds with the saved search password, to the saved server only),
    // makes gantryd connect wherever the request says (proxy test, fetch chain), and an LDAP
    // test is a password oracle without the login's throttle.
    const Router::Options longWork{
        .bodyLimit = 1024 * 1024, .offEventLoop = true, .access = Router::Options::Access::Admin};

    router.add(
        "POST", QStringLiteral("/v1/checks/ldap"),
        [&s](const ApiRequest &r) {
            CheckRequest request(r.body, kLdapBody);
            if (!request.isObject())
                return request.refusal();
            const QString username =
                request.text(QStringLiteral("username"), Need::Required,
                             QStringLiteral("the test user's name as a string, e.g. \"alice\""));
            const QString password = request.text(
                QStringLiteral("password"), Need::Required,
                QStringLiteral("the test user's password as a non-empty string"), false);
            const QJsonObject f =
                request.settings(s.schema(), s.current(),
                                 {.groups = {QStringLiteral("ldap"), QStringLiteral("tls")},
                                  .formChecked = {QStringLiteral("ldap"), kCustomRootCas},
                                  .keptSecretsGoTo = {{QStringLiteral("ldap.search_password"),
                                                       {QStringLiteral("ldap.host"),
                                                        QStringLiteral("ldap.port"),
                                                        QStringLiteral("ldap.encryption")}}}});
            request.requireSetting(f, QStringLiteral("ldap.host"),
                                   Validators::expectedForm(QStringLiteral("hostname_or_ip")));
            request.requireSetting(f, QStringLiteral("ldap.user_search_dn"),
                                   Validators::expectedForm(QStringLiteral("ldap_dn")));
            request.refuseUnknownFields({QStringLiteral("username"), QStringLiteral("password")});
            if (!request.ok())
                return request.refusal();
            return ApiResponse::json(LdapCheck::run(f, username, password).check.toJson());
        },
        longWork);

    router.add(
        "POST", QStringLiteral("/v1/checks/tls"),
        [&s](const ApiRequest &r) {
            CheckRequest request(r.body, kTlsBody);
            if (!request.isObject())
                return request.refusal();
            // The certificate and the key are what the check examines: only their types here.
            const QJsonObject f = request.settings(
                s.schema(), s.current(),
                {.groups = {QStringLiteral("tls"), QStringLiteral("general")},
                 .formChecked = {kCustomRootCas, QStringLiteral("general.hostname")},
                 .flat = {{QStringLiteral("certificate"), QStringLiteral("tls.certificate")},
                          {QStringLiteral("private_key"), QStringLiteral("tls.private_key")},
                          {QStringLiteral("custom_root_cas"), kCustomRootCas},
                          {QStringLiteral("hostname"), QStringLiteral("general.hostname")}}});
            request.requireSetting(
                f, QStringLiteral("tls.certificate"),
                Validators::expectedForm(QStringLiteral("pem_certificate_chain")));
            request.refuseUnknownFields({});
            if (!request.ok())
                return request.refusal();
            return ApiResponse::json(TlsCheck::run(f).toJson());
        },
        longWork);

    router.add(
        "POST", QStringLiteral("/v1/tls/self-signed"),
        [](const ApiRequest &r) {
            CheckRequest request(r.body, kSelfSignedBody);
            if (!request.isObject())
                return request.refusal();
            const QString hostname = request.text(
                QStringLiteral("hostname"), Need::Required,
                QStringLiteral("the DNS name or IP address users reach, e.g. ci.example.org"));
            if (const QString problem = SelfSignedCertificate::hostnameProblem(hostname);
                !hostname.isEmpty() && !problem.isEmpty())
                request.addError(QStringLiteral("hostname"), problem);
            const int days = int(
                request.wholeNumber(QStringLiteral("days"), 1, 3650, 365, QStringLiteral("365")));
            request.refuseUnknownFields({QStringLiteral("hostname"), QStringLiteral("days")});
            if (!request.ok())
                return request.refusal();
            QString why;
            const auto cert = SelfSignedCertificate::generate(hostname, days, &why);
            if (!cert)
                return ApiResponse::error(500, QStringLiteral("internal"), why);
            return ApiResponse::json(cert->toJson());
        },
        Router::Options{
            .bodyLimit = 4096, .offEventLoop = true, .access = Router::Options::Access::Admin});

    router.add(
        "POST", QStringLiteral("/v1/tls/fetch-chain"),
        [](const ApiRequest &r) {
            CheckRequest request(r.body, kFetchChainBody);
            if (!request.isObject())
                return request.refusal();
            const QString host = request.formText(QStringLiteral("host"), Need::Required,
                                                  QStringLiteral("hostname_or_ip"));
            const int port = int(
                request.wholeNumber(QStringLiteral("port"), 1, 65535, 443, QStringLiteral("636")));
            request.refuseUnknownFields({QStringLiteral("host"), QStringLiteral("port")});
            if (!request.ok())
                return request.refusal();
            return ApiResponse::json(ChainFetcher::fetch(host, port).toJson());
        },
        longWork);

    router.add(
        "POST", QStringLiteral("/v1/checks/proxy"),
        [&s](const ApiRequest &r) {
            CheckRequest request(r.body, kProxyBody);
            if (!request.isObject())
                return request.refusal();
            const QString url =
                request.formText(QStringLiteral("url"), Need::Optional, QStringLiteral("url"));
            const QJsonObject f = request.settings(
                s.schema(), s.current(),
                {.groups = {QStringLiteral("proxy"), QStringLiteral("general"),
                            QStringLiteral("tls")},
                 .formChecked = {QStringLiteral("proxy"), QStringLiteral("general.hostname"),
                                 kCustomRootCas},
                 .flat = {{QStringLiteral("http_proxy"), QStringLiteral("proxy.http_proxy")},
                          {QStringLiteral("https_proxy"), QStringLiteral("proxy.https_proxy")},
                          {QStringLiteral("no_proxy"), QStringLiteral("proxy.no_proxy")},
                          {QStringLiteral("custom_root_cas"), kCustomRootCas}}});
            if (url.isEmpty() &&
                f.value("general").toObject().value("hostname").toString().trimmed().isEmpty())
                request.requireSetting(
                    QJsonObject{}, QStringLiteral("url"),
                    QStringLiteral("the URL to fetch, %1 (or general.hostname, whose https:// "
                                   "URL is fetched then)")
                        .arg(Validators::expectedForm(QStringLiteral("url"))));
            request.refuseUnknownFields({QStringLiteral("url")});
            if (!request.ok())
                return request.refusal();
            return ApiResponse::json(ProxyCheck::run(f, QUrl(url)).toJson());
        },
        longWork);
}

} // namespace gantry
