#include "authroutes.h"

#include "api/router.h"
#include "audit/auditsink.h"
#include "loginthrottle.h"
#include "passwordverifier.h"
#include "sessionstore.h"
#include "userstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace gantry {

namespace {

QJsonObject userEntity(const QString &id, const QString &name)
{
    return AuditEvent::entity(QStringLiteral("user"), id, name);
}

} // namespace

void AuthRoutes::install(Router &router) const
{
    const AuthRoutes self = *this;

    router.add(
        "POST", QStringLiteral("/v1/login"),
        [self](const ApiRequest &request) {
            ApiResponse error;
            const auto body = request.jsonObject(&error);
            if (!body)
                return error;
            QList<FieldError> fields;
            const QJsonValue username = body->value("username");
            const QJsonValue password = body->value("password");
            if (!username.isString() || username.toString().trimmed().isEmpty() ||
                username.toString().size() > 256)
                fields.append({QStringLiteral("username"),
                               QStringLiteral("required: a user name of 1 to 256 characters")});
            if (!password.isString() || password.toString().isEmpty())
                fields.append({QStringLiteral("password"), QStringLiteral("required: a string")});
            if (!fields.isEmpty())
                return ApiResponse::error(
                    400, QStringLiteral("validation_failed"),
                    QStringLiteral("%1 field(s) need attention").arg(fields.size()), fields);
            const QString name = username.toString().trimmed();
            const auto verifier = self.verifier();
            if (!verifier)
                return ApiResponse::error(
                    409, QStringLiteral("login_unavailable"),
                    QStringLiteral("console login needs LDAP, which is not enabled in the applied "
                                   "settings; until then use the API token in gantryd.json"));
            const QString address = request.auditRequest().value("ip_address").toString();
            if (const int wait = self.throttle.retryAfter(name, address); wait > 0) {
                ApiResponse r = ApiResponse::error(
                    429, QStringLiteral("too_many_attempts"),
                    QStringLiteral("too many failed logins: try again in %1 s").arg(wait));
                r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray::number(wait)));
                return r;
            }
            const PasswordVerifier::Result result = verifier->verify(name, password.toString());
            using Outcome = PasswordVerifier::Result::Outcome;
            if (result.outcome != Outcome::Accepted) {
                if (result.outcome == Outcome::Rejected)
                    self.throttle.recordFailure(name, address);
                AuditEvent e = AuditEvent::make(
                    QStringLiteral("user.logged_in"), userEntity({}, name),
                    AuditEvent::entity(QStringLiteral("console"), QStringLiteral("gantryd")),
                    QJsonObject{{"reason", result.detail}}, false);
                e.request = request.auditRequest();
                self.audit.record(e);
                if (result.outcome == Outcome::Unavailable)
                    return ApiResponse::error(
                        503, QStringLiteral("directory_unavailable"),
                        QStringLiteral("cannot check the password: %1").arg(result.detail));
                return ApiResponse::error(401, QStringLiteral("invalid_credentials"),
                                          QStringLiteral("invalid user name or password"));
            }
            self.throttle.recordSuccess(name);
            QString why;
            const QString canonical =
                result.canonicalUsername.isEmpty() ? name : result.canonicalUsername;
            const auto login = self.users.recordLogin(canonical, &why);
            const auto session =
                login ? self.sessions.create(login->user.id, self.sessionLifetimeSeconds, &why)
                      : std::nullopt;
            if (!session)
                return ApiResponse::error(500, QStringLiteral("internal"),
                                          QStringLiteral("cannot record the login: %1").arg(why));
            const QJsonObject actor = userEntity(login->user.id, login->user.username);
            if (login->created) {
                AuditEvent created = AuditEvent::make(QStringLiteral("user.create"), actor, actor,
                                                      QJsonObject{{"role", login->user.role()}});
                created.request = request.auditRequest();
                self.audit.record(created);
            }
            AuditEvent e = AuditEvent::make(
                QStringLiteral("user.logged_in"), actor,
                AuditEvent::entity(QStringLiteral("console"), QStringLiteral("gantryd")));
            e.request = request.auditRequest();
            self.audit.record(e);
            return ApiResponse::json(QJsonObject{
                {"token", QString::fromLatin1(session->token)},
                {"expires_at", QJsonValue(QDateTime::fromSecsSinceEpoch(session->expiresAt, Qt::UTC)
                                              .toString(Qt::ISODate))},
                {"user", login->user.toJson()}});
        },
        Router::Options{.needsToken = false,
                        .bodyLimit = 64 * 1024,
                        .offEventLoop = true,
                        .access = Router::Options::Access::Read});

    router.add(
        "POST", QStringLiteral("/v1/logout"),
        [self](const ApiRequest &request) {
            if (request.identity.sessionToken.isEmpty())
                return ApiResponse::error(400, QStringLiteral("not_a_session"),
                                          QStringLiteral("the local admin token is not a login "
                                                         "session and cannot be logged out"));
            self.sessions.revoke(request.identity.sessionToken);
            AuditEvent e = AuditEvent::make(
                QStringLiteral("user.logged_out"), request.identity.actor(),
                AuditEvent::entity(QStringLiteral("console"), QStringLiteral("gantryd")));
            e.request = request.auditRequest();
            self.audit.record(e);
            return ApiResponse::json(QJsonObject{{"logged_out", true}});
        },
        Router::Options{.access = Router::Options::Access::Read});

    router.add("GET", QStringLiteral("/v1/session"), [](const ApiRequest &request) {
        QJsonObject o = request.identity.actor();
        o.insert("role", request.identity.admin ? "admin" : "viewer");
        return ApiResponse::json(o);
    });

    router.add("GET", QStringLiteral("/v1/users"), [self](const ApiRequest &) {
        QJsonArray list;
        for (const User &u : self.users.list())
            list.append(u.toJson());
        return ApiResponse::json(list);
    });

    router.add("POST", QStringLiteral("/v1/users/:id/role"), [self](const ApiRequest &request) {
        ApiResponse error;
        const auto body = request.jsonObject(&error);
        if (!body)
            return error;
        const QString role = body->value("role").toString();
        if (role != QStringLiteral("admin") && role != QStringLiteral("viewer"))
            return ApiResponse::error(
                400, QStringLiteral("validation_failed"),
                QStringLiteral("role must be \"admin\" or \"viewer\""),
                {{QStringLiteral("role"), QStringLiteral("expected \"admin\" or \"viewer\"")}});
        const QString id = request.params.value(QStringLiteral("id"));
        const auto before = self.users.find(id);
        if (!before)
            return ApiResponse::error(404, QStringLiteral("not_found"),
                                      QStringLiteral("no user with id %1").arg(id));
        const QString why = self.users.setAdmin(id, role == QStringLiteral("admin"));
        AuditEvent e =
            AuditEvent::make(QStringLiteral("user.role.update"), request.identity.actor(),
                             userEntity(id, before->username),
                             QJsonObject{{"from", before->role()}, {"to", role}}, why.isEmpty());
        e.request = request.auditRequest();
        self.audit.record(e);
        if (!why.isEmpty())
            return ApiResponse::error(409, QStringLiteral("conflict"), why);
        return ApiResponse::json(self.users.find(id)->toJson());
    });
}

} // namespace gantry
