#include "checks/proxycheck.h"

#include <QTest>

using namespace gantry;

class TestProxyCheckUnit : public QObject
{
    Q_OBJECT
private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("problem");
        QTest::newRow("http") << QStringLiteral("http://proxy.example.org:3128") << true
                              << QString();
        QTest::newRow("ip") << QStringLiteral("http://10.0.0.1:8080/") << true << QString();
        QTest::newRow("socks5") << QStringLiteral("socks5://10.0.0.1:1080") << true << QString();
        QTest::newRow("no protocol") << QStringLiteral("proxy.example.org:3128") << false
                                     << QStringLiteral("has no protocol");
        QTest::newRow("no port") << QStringLiteral("http://proxy.example.org") << false
                                 << QStringLiteral("has no port");
        QTest::newRow("ftp") << QStringLiteral("ftp://proxy:21") << false
                             << QStringLiteral("not supported");
        QTest::newRow("path") << QStringLiteral("http://proxy:3128/x") << false
                              << QStringLiteral("has a path");
        QTest::newRow("garbage") << QStringLiteral("http://") << false
                                 << QStringLiteral("not a URL");
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, problem);
        QString error;
        const auto proxy = ProxyCheck::parseProxyUrl(text, &error);
        QCOMPARE(bool(proxy), valid);
        if (!valid) {
            QVERIFY2(error.contains(problem), qPrintable(error));
            QVERIFY2(error.contains(QStringLiteral("<protocol>://<ip-or-host>:<port>")),
                     qPrintable(error));
        }
    }
    void noProxy()
    {
        const QStringList list{QStringLiteral("localhost"),   QStringLiteral(".internal.example"),
                               QStringLiteral("example.com"), QStringLiteral("10.0.0.0/8"),
                               QStringLiteral("192.168.1.5"), QStringLiteral("*.git.example.net")};
        QString matched;
        QVERIFY(ProxyCheck::matchesNoProxy(QStringLiteral("localhost"), list));
        QVERIFY(ProxyCheck::matchesNoProxy(QStringLiteral("a.internal.example"), list, &matched));
        QCOMPARE(matched, QStringLiteral(".internal.example"));
        QVERIFY(ProxyCheck::matchesNoProxy(QStringLiteral("internal.example"), list));
        QVERIFY(ProxyCheck::matchesNoProxy(QStringLiteral("www.example.com"), list));
        QVERIFY(!ProxyCheck::matchesNoProxy(QStringLiteral("notexample.com"), list));
        QVERIFY(ProxyCheck::matchesNoProxy(QStringLiteral("10.2.3.4"), list, &matched));
        QCOMPARE(matched, QStringLiteral("10.0.0.0/8"));
        QVERIFY(!ProxyCheck::matchesNoProxy(QStringLiteral("11.2.3.4"), list));
        QVERIFY(ProxyCheck::matchesNoProxy(QStringLiteral("192.168.1.5"), list));
        QVERIFY(ProxyCheck::matchesNoProxy(QStringLiteral("ci.git.example.net"), list, &matched));
        QCOMPARE(matched, QStringLiteral("*.git.example.net"));
        QVERIFY(ProxyCheck::matchesNoProxy(QStringLiteral("git.example.net"), list));
        QVERIFY(!ProxyCheck::matchesNoProxy(QStringLiteral("xgit.example.net"), list));
        QVERIFY(!ProxyCheck::matchesNoProxy(QStringLiteral("127.0.0.2"),
                                            {QStringLiteral("127.0.0.1")}));
    }
    void badProxyUrlFailsSettingsStep()
    {
        const QJsonObject fragment{
            {QStringLiteral("proxy"),
             QJsonObject{{QStringLiteral("http_proxy"), QStringLiteral("proxy:3128")}}}};
        const CheckResult r = ProxyCheck::run(fragment, QUrl(QStringLiteral("http://127.0.0.2/")));
        QVERIFY(!r.ok());
        QCOMPARE(r.steps.size(), 1);
        QCOMPARE(r.steps.first().name, QStringLiteral("settings"));
        QVERIFY(r.steps.first().message.startsWith(QStringLiteral("proxy.http_proxy: ")));
        QVERIFY(
            r.steps.first().message.contains(QStringLiteral("<protocol>://<ip-or-host>:<port>")));
    }
    void noTarget()
    {
        const CheckResult r = ProxyCheck::run(QJsonObject{});
        QVERIFY(!r.ok());
        QVERIFY(r.steps.first().message.contains(QStringLiteral("general.hostname")));
    }
};

QTEST_GUILESS_MAIN(TestProxyCheckUnit)
#include "tst_proxycheckunit.moc"
