// Login, roles and logout through the router, on a real SQLite database. The directory is a
// stand-in here (a fixed user list); the LDAP verifier has its own tests against a real slapd.
#include "api/router.h"
#include "audit/auditsink.h"
#include "auth/authroutes.h"
#include "auth/loginthrottle.h"
#include "auth/passwordverifier.h"
#include "auth/sessionauthenticator.h"
#include "auth/sessionstore.h"
#include "auth/userstore.h"
#include "store/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace gantry;

namespace {
class FixedDirectory final : public PasswordVerifier
{
public:
    Result verify(const QString &username, const QString &password) const override
    {
        if (username == "down")
            return {Result::Outcome::Unavailable, {}, "ldap://127.0.0.1:1: connection refused"};
        if (password == username + "-pw")
            return {Result::Outcome::Accepted, username, {}};
        return {Result::Outcome::Rejected, {}, "invalid credentials"};
    }
};
} // namespace

class TestAuthRoutes final : public QObject
{
    Q_OBJECT
    static constexpr char kAdminToken[] = "admin-token-0123456789";
    QTemporaryDir m_tmp;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<UserStore> m_users;
    std::unique_ptr<SessionStore> m_sessions;
    std::unique_ptr<LoginThrottle> m_throttle;
    std::unique_ptr<RecordingAuditSink> m_audit;
    std::shared_ptr<const PasswordVerifier> m_directory = std::make_shared<FixedDirectory>();
    std::unique_ptr<Router> m_router;

    ApiResponse call(const QByteArray &method, const QString &path, const QByteArray &token = {},
                     const QJsonObject &body = {})
    {
        ApiRequest r;
        r.method = method;
        r.path = path;
        r.remoteAddress = QHostAddress("127.0.0.1");
        r.requestId = "req-1";
        if (!token.isEmpty())
            r.headers.insert("authorization", "Bearer " + token);
        if (!body.isEmpty())
            r.body = QJsonDocument(body).toJson();
        return m_router->handle(r);
    }
    static QJsonObject json(const ApiResponse &r)
    {
        return QJsonDocument::fromJson(r.body).object();
    }
    QByteArray login(const QString &user)
    {
        const ApiResponse r =
            call("POST", "/v1/login", {}, {{"username", user}, {"password", user + "-pw"}});
        return json(r)["token"].toString().toLatin1();
    }

private Q_SLOTS:
    void init()
    {
        QString why;
        m_db = Database::openSqlite(m_tmp.filePath(QString("g%1.db").arg(nextDatabase())), &why);
        QVERIFY2(m_db, qPrintable(why));
        m_users = std::make_unique<UserStore>(*m_db);
        m_sessions = std::make_unique<SessionStore>(*m_db);
        QCOMPARE(m_users->migrate(), QString());
        QCOMPARE(m_sessions->migrate(), QString());
        m_router = std::make_unique<Router>(
            std::make_shared<SessionAuthenticator>(kAdminToken, *m_sessions, *m_users));
        m_throttle = std::make_unique<LoginThrottle>();
        m_audit = std::make_unique<RecordingAuditSink>();
        AuthRoutes{*m_users, *m_sessions, *m_throttle, *m_audit, [this] { return m_directory; },
                   3600}
            .install(*m_router);
        m_router->add("POST", "/v1/change", [](const ApiRequest &) {
            return ApiResponse::json(QJsonObject{{"changed", true}});
        });
    }
    static int nextDatabase()
    {
        static int n = 0;
        return ++n;
    }

    void firstLoginIsAdminAndAudited()
    {
        const ApiResponse r =
            call("POST", "/v1/login", {}, {{"username", "ada"}, {"password", "ada-pw"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(json(r)["user"].toObject()["role"].toString(), "admin");
        QVERIFY(!json(r)["expires_at"].toString().isEmpty());
        const QByteArray token = json(r)["token"].toString().toLatin1();
        QCOMPARE(json(call("GET", "/v1/session", token))["name"].toString(), "ada");
        QCOMPARE(call("POST", "/v1/change", token).status, 200);
        const auto events = m_audit->events();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].action, "user.create");
        QCOMPARE(events[1].action, "user.logged_in");
        QVERIFY(events[1].success);
        QCOMPARE(events[1].actor["name"].toString(), "ada");
        QCOMPARE(events[1].request["ip_address"].toString(), "127.0.0.1");
    }
    void viewersReadButCannotChange()
    {
        login("ada");
        const QByteArray bob = login("bob");
        QCOMPARE(json(call("GET", "/v1/session", bob))["role"].toString(), "viewer");
        QCOMPARE(call("GET", "/v1/users", bob).status, 200);
        const ApiResponse denied = call("POST", "/v1/change", bob);
        QCOMPARE(denied.status, 403);
        QVERIFY(json(denied)["error"].toObject()["message"].toString().contains("viewer"));
        // An admin promotes bob; his next call is an admin's.
        const QJsonArray users =
            QJsonDocument::fromJson(call("GET", "/v1/users", kAdminToken).body).array();
        const QString bobId = users.at(1).toObject()["id"].toString();
        QCOMPARE(call("POST", "/v1/users/" + bobId + "/role", bob, {{"role", "admin"}}).status,
                 403);
        QCOMPARE(
            call("POST", "/v1/users/" + bobId + "/role", kAdminToken, {{"role", "admin"}}).status,
            200);
        QCOMPARE(call("POST", "/v1/change", bob).status, 200);
        QCOMPARE(m_audit->events().last().action, "user.role.update");
        QCOMPARE(
            call("POST", "/v1/users/" + bobId + "/role", kAdminToken, {{"role", "king"}}).status,
            400);
        QCOMPARE(call("POST", "/v1/users/nobody/role", kAdminToken, {{"role", "admin"}}).status,
                 404);
    }
    void wrongPasswordIs401AuditedAndThrottled()
    {
        for (int i = 0; i < LoginThrottle::kFreeAttempts; ++i)
            QCOMPARE(
                call("POST", "/v1/login", {}, {{"username", "eve"}, {"password", "guess"}}).status,
                401);
        const ApiResponse r =
            call("POST", "/v1/login", {}, {{"username", "eve"}, {"password", "eve-pw"}});
        QCOMPARE(r.status, 429);
        QCOMPARE(r.headers.value(0).first, QByteArray("Retry-After"));
        const auto events = m_audit->events();
        QCOMPARE(events.size(), LoginThrottle::kFreeAttempts);
        QVERIFY(!events[0].success);
        QCOMPARE(events[0].action, "user.logged_in");
    }
    void directoryDownIs503()
    {
        QCOMPARE(call("POST", "/v1/login", {}, {{"username", "down"}, {"password", "x"}}).status,
                 503);
    }
    void badBodiesAre400WithFields()
    {
        QCOMPARE(call("POST", "/v1/login", {}, {}).status, 400);
        const ApiResponse r = call("POST", "/v1/login", {}, {{"username", 5}});
        QCOMPARE(r.status, 400);
        QCOMPARE(json(r)["error"].toObject()["fields"].toArray().size(), 2);
    }
    void loginIsOffWithoutLdap()
    {
        m_directory.reset();
        const ApiResponse r =
            call("POST", "/v1/login", {}, {{"username", "ada"}, {"password", "ada-pw"}});
        QCOMPARE(r.status, 409);
        QVERIFY(json(r)["error"].toObject()["message"].toString().contains("gantryd.json"));
        m_directory = std::make_shared<FixedDirectory>();
    }
    void logoutEndsTheSession()
    {
        const QByteArray token = login("ada");
        QCOMPARE(call("POST", "/v1/logout", token).status, 200);
        QCOMPARE(call("GET", "/v1/session", token).status, 401);
        QCOMPARE(m_audit->events().last().action, "user.logged_out");
        QCOMPARE(call("POST", "/v1/logout", kAdminToken).status, 400);
    }
};

QTEST_GUILESS_MAIN(TestAuthRoutes)
#include "tst_authroutes.moc"
