#include "checks/ldapcheck.h"

#include <QTcpServer>
#include <QTest>

using namespace gantry;

class TestLdapCheckUnit : public QObject
{
    Q_OBJECT
private slots:
    void escaping_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << QStringLiteral("alice") << QStringLiteral("alice");
        QTest::newRow("injection")
            << QStringLiteral("*)(uid=*") << QStringLiteral("\\2a\\29\\28uid=\\2a");
        QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("a\\5cb");
        QTest::newRow("nul") << QString(QChar(0)) << QStringLiteral("\\00");
        QTest::newRow("utf8") << QStringLiteral("jürgen") << QStringLiteral("jürgen");
    }
    void escaping()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(LdapCheck::escapeFilterValue(in), out);
    }
    void attributeNames()
    {
        QVERIFY(LdapCheck::isAttributeName(QStringLiteral("uid")));
        QVERIFY(LdapCheck::isAttributeName(QStringLiteral("sAMAccountName")));
        QVERIFY(LdapCheck::isAttributeName(QStringLiteral("x-custom-1")));
        QVERIFY(LdapCheck::isAttributeName(QStringLiteral("0.9.2342.19200300.100.1.1")));
        QVERIFY(!LdapCheck::isAttributeName(QStringLiteral("uid)(cn=*")));
        QVERIFY(!LdapCheck::isAttributeName(QString()));
        QVERIFY(!LdapCheck::isAttributeName(QStringLiteral("1uid")));
    }
    void settingsProblemsAreOneFailedStep()
    {
        const QJsonObject fragment{
            {QStringLiteral("ldap"),
             QJsonObject{
                 {QStringLiteral("encryption"), QStringLiteral("tls")},
                 {QStringLiteral("port"), 70000},
                 {QStringLiteral("username_attribute"), QStringLiteral("uid=*")},
                 {QStringLiteral("search_password"), QJsonObject{{QStringLiteral("set"), true}}},
                 {QStringLiteral("user_search_dn"), QStringLiteral("not a dn")}}}};
        const auto outcome = LdapCheck::run(fragment, QStringLiteral("alice"), QString());
        QCOMPARE(outcome.check.steps.size(), 1);
        const CheckStep &step = outcome.check.steps.first();
        QCOMPARE(step.name, QStringLiteral("settings"));
        QCOMPARE(step.level, CheckLevel::Fail);
        for (const char *part : {"ldap.host is empty", "ldap.encryption", "ldap.port",
                                 "ldap.username_attribute", "search_password is a kept secret",
                                 "user_search_dn \"not a dn\" is not a DN", "password is empty"})
            QVERIFY2(step.message.contains(QLatin1String(part)), qPrintable(step.message));
        QCOMPARE(outcome.verdict, LdapCheck::Verdict::Unavailable);
    }
    void cannotConnect()
    {
        // A port that was free a moment ago: nothing listens there.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const int port = server.serverPort();
        server.close();
        const QJsonObject fragment{
            {QStringLiteral("ldap"),
             QJsonObject{{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                         {QStringLiteral("port"), port},
                         {QStringLiteral("user_search_dn"), QStringLiteral("ou=users,dc=x")}}}};
        const auto outcome =
            LdapCheck::run(fragment, QStringLiteral("alice"), QStringLiteral("pw"));
        QVERIFY(!outcome.check.ok());
        const CheckStep &last = outcome.check.steps.last();
        QCOMPARE(last.name, QStringLiteral("connect"));
        QVERIFY2(last.message.startsWith(
                     QStringLiteral("cannot connect to ldap://127.0.0.1:%1: ").arg(port)),
                 qPrintable(last.message));
    }
    void cancelledBeforeConnecting()
    {
        std::atomic<bool> cancel{true};
        CheckOptions options;
        options.cancel = &cancel;
        const QJsonObject fragment{
            {QStringLiteral("ldap"),
             QJsonObject{
                 {QStringLiteral("host"), QStringLiteral("192.0.2.1")}, // TEST-NET: no answer
                 {QStringLiteral("user_search_dn"), QStringLiteral("ou=users,dc=x")}}}};
        QElapsedTimer timer;
        timer.start();
        const auto outcome =
            LdapCheck::run(fragment, QStringLiteral("a"), QStringLiteral("b"), options);
        QVERIFY(timer.elapsed() < 2000);
        QCOMPARE(outcome.check.steps.last().name, QStringLiteral("cancelled"));
    }
};

QTEST_GUILESS_MAIN(TestLdapCheckUnit)
#include "tst_ldapcheckunit.moc"
