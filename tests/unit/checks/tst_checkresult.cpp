#include "checkresult.h"

#include <QJsonArray>
#include <QTest>

using namespace gantry;

class TestCheckResult : public QObject
{
    Q_OBJECT
private slots:
    void warningKeepsOk()
    {
        CheckResult r;
        r.add(QStringLiteral("a"), CheckLevel::Ok, QStringLiteral("fine"), 3);
        r.add(QStringLiteral("b"), CheckLevel::Warn, QStringLiteral("hm"), 4);
        QVERIFY(r.ok());
        QCOMPARE(r.firstFailure(), nullptr);
        r.add(QStringLiteral("c"), CheckLevel::Fail, QStringLiteral("bad"));
        QVERIFY(!r.ok());
        QCOMPARE(r.firstFailure()->name, QStringLiteral("c"));
    }
    void emptyIsNotOk() { QVERIFY(!CheckResult().ok()); }
    void jsonShape()
    {
        CheckResult r;
        r.add(QStringLiteral("connect"), CheckLevel::Warn, QStringLiteral("slow"), 12);
        const QJsonObject json = r.toJson();
        QCOMPARE(json.value(QLatin1String("ok")).toBool(), true);
        const QJsonObject step = json.value(QLatin1String("steps")).toArray().at(0).toObject();
        QCOMPARE(step.keys(), (QStringList{QStringLiteral("level"), QStringLiteral("message"),
                                           QStringLiteral("ms"), QStringLiteral("name")}));
        QCOMPARE(step.value(QLatin1String("level")).toString(), QStringLiteral("warn"));
        QCOMPARE(step.value(QLatin1String("ms")).toInteger(), 12);
        QCOMPARE(CheckResult::fromJson(json), r);
    }
    void fromJsonRejectsBadLevel()
    {
        const QJsonObject json{
            {QStringLiteral("steps"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("x")},
                                    {QStringLiteral("level"), QStringLiteral("meh")}}}}};
        QVERIFY(!CheckResult::fromJson(json));
        QVERIFY(!CheckResult::fromJson(QJsonObject{}));
    }
};

QTEST_GUILESS_MAIN(TestCheckResult)
#include "tst_checkresult.moc"
