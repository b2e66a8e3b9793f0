#include "apierror.h"

#include <QJsonArray>
#include <QTest>

using namespace gantry;

class TestApiError final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bodyHasTheDesignShape()
    {
        const ApiError e{"validation_failed", "2 problems", {{"ldap.port", "must be 1-65535"}}};
        const QJsonObject body = e.toJson();
        const QJsonObject error = body.value("error").toObject();
        QCOMPARE(error.value("code").toString(), "validation_failed");
        QCOMPARE(error.value("message").toString(), "2 problems");
        const QJsonArray fields = error.value("fields").toArray();
        QCOMPARE(fields.size(), 1);
        QCOMPARE(fields.at(0).toObject().value("field").toString(), "ldap.port");
    }
    void noFieldsMeansNoFieldsKey()
    {
        const QJsonObject error =
            ApiError{"unauthorized", "invalid token", {}}.toJson()["error"].toObject();
        QVERIFY(!error.contains("fields"));
    }
    void roundTrip()
    {
        const ApiError e{"validation_failed", "m", {{"a.b", "x"}, {"c", "y"}}};
        const auto back = ApiError::fromJson(e.toJson());
        QVERIFY(back);
        QCOMPARE(*back, e);
    }
    void rejectsOtherShapes()
    {
        QVERIFY(!ApiError::fromJson(QJsonObject{{"status", "ok"}}));
        QVERIFY(!ApiError::fromJson(QJsonObject{{"error", "text"}}));
        QVERIFY(!ApiError::fromJson(QJsonObject{{"error", QJsonObject{{"message", "no code"}}}}));
    }
};

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
