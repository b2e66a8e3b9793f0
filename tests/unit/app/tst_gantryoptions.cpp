#include "gantryoptions.h"

#include <QTest>

using namespace gantry;

class TestGantryOptions final : public QObject
{
    Q_OBJECT
    static std::variant<GantryOptions, GantryOptions::Exit> parse(QStringList args)
    {
        args.prepend("gantry");
        return GantryOptions::parse(args);
    }
private Q_SLOTS:
    void embeddedByDefault()
    {
        const auto o = std::get<GantryOptions>(parse({}));
        QVERIFY(o.connectUrl.isEmpty());
        QVERIFY(o.dataDir.endsWith("/gantry"));
    }
    void options()
    {
        const auto o = std::get<GantryOptions>(
            parse({"--data-dir", "/d", "--lang", "de", "--sample-load", "--fleet", "local:2"}));
        QVERIFY(o.sampleLoad);
        QCOMPARE(o.fleet, "local:2");
        QCOMPARE(o.dataDir, "/d");
        QCOMPARE(o.language, "de");
        const auto r = std::get<GantryOptions>(parse({"--connect", "https://ci.example.com:8801"}));
        QCOMPARE(r.connectUrl, "https://ci.example.com:8801");
    }
    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad url") << QStringList{"--connect", "ci.example.com"}
                                 << "https://HOST:PORT";
        QTest::newRow("both") << QStringList{"--connect", "https://h:1", "--data-dir", "d"}
                              << "embedded one";
        QTest::newRow("remote sample")
            << QStringList{"--connect", "https://h:1", "--sample-load"} << "embedded one";
        QTest::newRow("lang") << QStringList{"--lang", "xx"} << "en, de, ja";
        QTest::newRow("unknown") << QStringList{"--nope"} << "nope";
    }
    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const auto r = parse(args);
        QVERIFY(std::holds_alternative<GantryOptions::Exit>(r));
        QCOMPARE(std::get<GantryOptions::Exit>(r).code, 2);
        QVERIFY2(std::get<GantryOptions::Exit>(r).text.contains(expected),
                 qPrintable(std::get<GantryOptions::Exit>(r).text));
    }
};

QTEST_GUILESS_MAIN(TestGantryOptions)
#include "tst_gantryoptions.moc"
