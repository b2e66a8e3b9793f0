#include "api/router.h"
#include "api/tokenauth.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace gantry;

class TestRouter final : public QObject
{
    Q_OBJECT

    static QJsonObject body(const ApiResponse &r)
    {
        return QJsonDocument::fromJson(r.body).object();
    }
    static ApiRequest request(const QByteArray &method, const QString &path,
                              const QByteArray &auth = {})
    {
        ApiRequest r;
        r.method = method;
        r.path = path;
        if (!auth.isEmpty())
            r.headers.insert("authorization", auth);
        return r;
    }

    Router makeRouter()
    {
        Router router(std::make_shared<TokenAuth>("tok-0123456789abcdef"));
        router.add(
            "GET", "/v1/health",
            [](const ApiRequest &) {
                return ApiResponse::json(QJsonObject{{"status", "ok"}});
            },
            Router::Options{.needsToken = false, .bodyLimit = 0});
        router.add("GET", "/v1/node/:id", [](const ApiRequest &r) {
            return ApiResponse::json(
                QJsonObject{{"id", r.params.value("id")}, {"actor", r.identity.name}});
        });
        router.add("GET", "/v1/node/special", [](const ApiRequest &) {
            return ApiResponse::json(QJsonObject{{"special", true}});
        });
        router.add(
            "POST", "/v1/small",
            [](const ApiRequest &) { return ApiResponse::json(QJsonObject{}); },
            Router::Options{.needsToken = true, .bodyLimit = 10});
        return router;
    }

private Q_SLOTS:
    void publicRouteNeedsNoToken()
    {
        const Router router = makeRouter();
        ApiRequest r = request("GET", "/v1/health");
        QCOMPARE(router.handle(r).status, 200);
    }
    void missingAndWrongTokenAre401WithTheErrorShape()
    {
        const Router router = makeRouter();
        ApiRequest r = request("GET", "/v1/node/a");
        ApiResponse resp = router.handle(r);
        QCOMPARE(resp.status, 401);
        QCOMPARE(body(resp)["error"].toObject()["code"].toString(), "unauthorized");
        QVERIFY(body(resp)["error"].toObject()["message"].toString().contains("Bearer"));
        r = request("GET", "/v1/node/a", "Bearer wrong");
        resp = router.handle(r);
        QCOMPARE(resp.status, 401);
        QCOMPARE(body(resp)["error"].toObject()["message"].toString(), "invalid token");
    }
    void unknownRouteIs401WithoutTokenAnd404With()
    {
        const Router router = makeRouter();
        ApiRequest r = request("GET", "/v1/nothing");
        QCOMPARE(router.handle(r).status, 401);
        r = request("GET", "/v1/nothing", "Bearer tok-0123456789abcdef");
        const ApiResponse resp = router.handle(r);
        QCOMPARE(resp.status, 404);
        QCOMPARE(body(resp)["error"].toObject()["code"].toString(), "not_found");
    }
    void capturesParametersAndActor()
    {
        const Router router = makeRouter();
        ApiRequest r = request("GET", "/v1/node/n-42", "Bearer tok-0123456789abcdef");
        const ApiResponse resp = router.handle(r);
        QCOMPARE(resp.status, 200);
        QCOMPARE(body(resp)["id"].toString(), "n-42");
        QCOMPARE(body(resp)["actor"].toString(), "local admin token");
    }
    void literalSegmentsWinOverParameters()
    {
        const Router router = makeRouter();
        ApiRequest r = request("GET", "/v1/node/special", "Bearer tok-0123456789abcdef");
        QVERIFY(body(router.handle(r))["special"].toBool());
        r = request("GET", "/v1/node/other", "Bearer tok-0123456789abcdef");
        QCOMPARE(body(router.handle(r))["id"].toString(), "other");
    }
    void wrongMethodIs405WithAllow()
    {
        const Router router = makeRouter();
        ApiRequest r = request("DELETE", "/v1/node/x", "Bearer tok-0123456789abcdef");
        const ApiResponse resp = router.handle(r);
        QCOMPARE(resp.status, 405);
        QCOMPARE(resp.headers.value(0).second, QByteArray("GET"));
    }
    void bodyOverLimitIs413()
    {
        const Router router = makeRouter();
        ApiRequest r = request("POST", "/v1/small", "Bearer tok-0123456789abcdef");
        r.body = QByteArray(11, 'x');
        const ApiResponse resp = router.handle(r);
        QCOMPARE(resp.status, 413);
        QCOMPARE(body(resp)["error"].toObject()["code"].toString(), "body_too_large");
        // The body is the field at fault, with the limit as its expected form.
        const QJsonArray fields = body(resp)["error"].toObject()["fields"].toArray();
        QCOMPARE(fields.size(), 1);
        QCOMPARE(fields[0].toObject()["field"].toString(), "body");
        QCOMPARE(fields[0].toObject()["message"].toString(),
                 "is 11 bytes; expected at most 10 bytes");
        r.body = QByteArray(10, 'x');
        QCOMPARE(router.handle(r).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
