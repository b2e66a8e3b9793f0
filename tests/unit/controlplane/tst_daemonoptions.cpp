#include "daemonoptions.h"

#include <QTest>

using namespace gantry;

class TestDaemonOptions final : public QObject
{
    Q_OBJECT
    static std::variant<DaemonOptions, DaemonOptions::Exit> parse(QStringList args)
    {
        args.prepend("gantryd");
        return DaemonOptions::parse(args);
    }
private Q_SLOTS:
    void defaults()
    {
        const auto r = parse({"--data-dir", "/tmp/x"});
        QVERIFY(std::holds_alternative<DaemonOptions>(r));
        const auto &o = std::get<DaemonOptions>(r);
        QCOMPARE(o.dataDir, "/tmp/x");
        QCOMPARE(o.listenAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(o.listenPort, 0);
        QVERIFY(!o.tokenFromStdin);
        QVERIFY(!o.keyFromStdin);
        QVERIFY(!o.ignoreDatabaseUrl);
    }
    void listenForms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::newRow("v4") << "127.0.0.1:8800"
                            << "127.0.0.1" << 8800;
        QTest::newRow("v6") << "[::1]:0"
                            << "::1" << 0;
        QTest::newRow("localhost") << "localhost:1"
                                   << "127.0.0.1" << 1;
        QTest::newRow("other loopback") << "127.0.0.2:9"
                                        << "127.0.0.2" << 9;
    }
    void listenForms()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        QFETCH(int, port);
        const auto r = parse({"--data-dir", "d", "--listen", text});
        QVERIFY(std::holds_alternative<DaemonOptions>(r));
        QCOMPARE(std::get<DaemonOptions>(r).listenAddress, QHostAddress(host));
        QCOMPARE(std::get<DaemonOptions>(r).listenPort, port);
    }
    void usageErrorsExit2WithTheReason_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no port") << QStringList{"--listen", "127.0.0.1"} << "HOST:PORT";
        QTest::newRow("bad port") << QStringList{"--listen", "127.0.0.1:70000"} << "0 to 65535";
        QTest::newRow("hostname") << QStringList{"--listen", "example.com:80"}
                                  << "not an IP address";
        QTest::newRow("any") << QStringList{"--listen", "0.0.0.0:8800"} << "not a loopback";
        QTest::newRow("lan") << QStringList{"--listen", "192.0.2.1:8800"} << "tls.certificate";
        QTest::newRow("unknown") << QStringList{"--frobnicate"} << "frobnicate";
        QTest::newRow("positional") << QStringList{"extra"} << "extra";
    }
    void usageErrorsExit2WithTheReason()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const auto r = parse(QStringList{"--data-dir", "d"} + args);
        QVERIFY(std::holds_alternative<DaemonOptions::Exit>(r));
        QCOMPARE(std::get<DaemonOptions::Exit>(r).code, 2);
        QVERIFY2(std::get<DaemonOptions::Exit>(r).text.contains(expected),
                 qPrintable(std::get<DaemonOptions::Exit>(r).text));
    }
    void helpAndVersionExit0()
    {
        QCOMPARE(std::get<DaemonOptions::Exit>(parse({"--help"})).code, 0);
        QVERIFY(std::get<DaemonOptions::Exit>(parse({"--version"})).text.startsWith("gantryd "));
    }
    void tlsOptionsGoTogetherAndAllowAnyAddress()
    {
        const auto both =
            parse({"--listen", "0.0.0.0:8801", "--tls-cert", "c.pem", "--tls-key", "k.pem"});
        QVERIFY(std::holds_alternative<DaemonOptions>(both));
        QVERIFY(std::get<DaemonOptions>(both).tls());
        const auto one = parse({"--tls-key", "k.pem"});
        QCOMPARE(std::get<DaemonOptions::Exit>(one).code, 2);
        QVERIFY(std::get<DaemonOptions::Exit>(one).text.contains("go together"));
    }
    void stdinFlags()
    {
        const auto o = std::get<DaemonOptions>(parse({"--token-stdin", "--key-stdin"}));
        QVERIFY(o.tokenFromStdin);
        QVERIFY(o.keyFromStdin);
    }
    void ignoreDatabaseUrl()
    {
        QVERIFY(std::get<DaemonOptions>(parse({"--ignore-database-url"})).ignoreDatabaseUrl);
        const auto help = std::get<DaemonOptions::Exit>(parse({"--help"}));
        QVERIFY(help.text.contains("--ignore-database-url"));
        QVERIFY(help.text.contains("storage.database_url"));
    }
};

QTEST_GUILESS_MAIN(TestDaemonOptions)
#include "tst_daemonoptions.moc"
