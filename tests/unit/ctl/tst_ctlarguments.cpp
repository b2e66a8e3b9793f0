#include "ctlarguments.h"

#include <QHash>
#include <QTest>

using namespace gantry;

class TestCtlArguments final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonMayComeBeforeOrAfterTheCommand()
    {
        QString why;
        auto a = CtlArguments::parse({"-json", "health"}, {}, &why);
        auto b = CtlArguments::parse({"health", "-json"}, {}, &why);
        QVERIFY(a && b);
        QVERIFY(a->json && b->json);
        QCOMPARE(a->words, QStringList{"health"});
        QCOMPARE(b->words, QStringList{"health"});
    }
    void dataDirBothForms()
    {
        QString why;
        QCOMPARE(CtlArguments::parse({"--data-dir", "/d", "version"}, {}, &why)->dataDir, "/d");
        QCOMPARE(CtlArguments::parse({"--data-dir=/e", "version"}, {}, &why)->dataDir, "/e");
        QVERIFY(!CtlArguments::parse({"version", "--data-dir"}, {}, &why));
        QVERIFY(why.contains("--data-dir"));
    }
    void environmentSuppliesAddressAndToken()
    {
        QString why;
        const auto a = CtlArguments::parse(
            {"health"}, {{"GANTRY_ADDR", "http://127.0.0.1:9"}, {"GANTRY_TOKEN", "t"}}, &why);
        QVERIFY(a);
        QCOMPARE(a->address, "http://127.0.0.1:9");
        QCOMPARE(a->token, "t");
        const auto b = CtlArguments::parse({"--address", "http://h:1", "--token", "u", "health"},
                                           {{"GANTRY_ADDR", "http://127.0.0.1:9"}}, &why);
        QCOMPARE(b->address, "http://h:1");
    }
    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad url") << QStringList{"--address", "nope", "--token", "t", "health"}
                                 << "http(s)://HOST";
        QTest::newRow("no token") << QStringList{"--address", "http://h:1", "health"} << "token";
        QTest::newRow("both") << QStringList{"--address",  "http://h:1", "--token", "t",
                                             "--data-dir", "d",          "health"}
                              << "not both";
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QString why;
        QVERIFY(!CtlArguments::parse(args, {}, &why));
        QVERIFY2(why.contains(expected), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestCtlArguments)
#include "tst_ctlarguments.moc"
