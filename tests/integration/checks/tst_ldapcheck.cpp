// LdapCheck against a real slapd started on loopback (plain, StartTLS and LDAPS).
#include "checks/ldapcheck.h"
#include "slapdserver.h"

#include <QJsonArray>
#include <QTest>
#include <QtConcurrent>

using namespace gantry;
using gantry::testing::SlapdServer;

namespace {

QString dump(const CheckResult &r)
{
    QStringList lines;
    for (const CheckStep &s : r.steps)
        lines.append(QStringLiteral("%1 [%2] %3 (%4 ms)")
                         .arg(s.name, toApiString(s.level), s.message)
                         .arg(s.ms));
    return lines.join(QLatin1Char('\n'));
}

QJsonObject with(QJsonObject fragment, const QString &group, const QString &item,
                 const QJsonValue &value)
{
    QJsonObject g = fragment.value(group).toObject();
    g.insert(item, value);
    fragment.insert(group, g);
    return fragment;
}

} // namespace

class TestLdapCheck : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SlapdServer> m_slapd;

    void expectFailure(const LdapCheck::Outcome &outcome, const QString &step,
                       const QString &messagePart, LdapCheck::Verdict verdict)
    {
        QVERIFY2(!outcome.check.ok(), qPrintable(dump(outcome.check)));
        const CheckStep &last = outcome.check.steps.last();
        QVERIFY2(last.name == step && last.level == CheckLevel::Fail,
                 qPrintable(dump(outcome.check)));
        QVERIFY2(last.message.contains(messagePart), qPrintable(dump(outcome.check)));
        QCOMPARE(outcome.verdict, verdict);
    }

private slots:
    void initTestCase()
    {
        if (const QString missing = SlapdServer::missing(); !missing.isEmpty())
            QSKIP(qPrintable( // needs: slapd
                QStringLiteral("needs: slapd (Debian package slapd): missing %1").arg(missing)));
        m_slapd = std::make_unique<SlapdServer>();
        QElapsedTimer timer;
        timer.start();
        QString error;
        QVERIFY2(m_slapd->start(&error), qPrintable(error));
        qInfo("slapd started in %lld ms", timer.elapsed());
        QVERIFY(timer.elapsed() < 2000);
    }
    void cleanupTestCase() { m_slapd.reset(); }

    void goodLogin_data()
    {
        QTest::addColumn<QString>("encryption");
        QTest::addColumn<int>("steps");
        // settings, connect, [tls,] search user bind, find user, user bind
        QTest::newRow("plain") << QStringLiteral("plain") << 5;
        QTest::newRow("starttls") << QStringLiteral("starttls") << 6;
        QTest::newRow("ldaps") << QStringLiteral("ldaps") << 6;
    }
    void goodLogin()
    {
        QFETCH(QString, encryption);
        QFETCH(int, steps);
        const auto outcome = LdapCheck::run(m_slapd->settings(encryption), QStringLiteral("alice"),
                                            QStringLiteral("alice-pw"));
        QVERIFY2(outcome.check.ok(), qPrintable(dump(outcome.check)));
        QCOMPARE(outcome.check.steps.size(), steps);
        QCOMPARE(outcome.verdict, LdapCheck::Verdict::Accepted);
        QCOMPARE(outcome.userDn, SlapdServer::userDn(QStringLiteral("alice")));
        QCOMPARE(outcome.username, QStringLiteral("alice"));
        if (encryption != QLatin1String("plain"))
            QVERIFY(
                outcome.check.steps.at(2).message.contains(QStringLiteral("certificate verified")));
    }
    void wrongSearchPassword()
    {
        const auto outcome = LdapCheck::run(
            with(m_slapd->settings(QStringLiteral("starttls")), QStringLiteral("ldap"),
                 QStringLiteral("search_password"), QStringLiteral("nope")),
            QStringLiteral("alice"), QStringLiteral("alice-pw"));
        expectFailure(outcome, QStringLiteral("search user bind"),
                      QStringLiteral("invalid credentials for the search user"),
                      LdapCheck::Verdict::Unavailable);
    }
    void unknownUser()
    {
        const auto outcome = LdapCheck::run(m_slapd->settings(QStringLiteral("plain")),
                                            QStringLiteral("mallory"), QStringLiteral("x"));
        expectFailure(outcome, QStringLiteral("find user"),
                      QStringLiteral("no entry with uid=mallory under ou=users,dc=example,dc=org"),
                      LdapCheck::Verdict::Rejected);
    }
    void injection_data()
    {
        QTest::addColumn<QString>("username");
        QTest::newRow("or") << QStringLiteral("*)(uid=*");
        QTest::newRow("star") << QStringLiteral("*");
        QTest::newRow("close") << QStringLiteral("alice)(|(uid=*");
    }
    void injection()
    {
        QFETCH(QString, username);
        // With alice's password: an unescaped filter would match alice (or everyone).
        const auto outcome = LdapCheck::run(m_slapd->settings(QStringLiteral("plain")), username,
                                            QStringLiteral("alice-pw"));
        expectFailure(outcome, QStringLiteral("find user"), QStringLiteral("no entry with uid="),
                      LdapCheck::Verdict::Rejected);
        QVERIFY(outcome.userDn.isEmpty());
    }
    void wrongUserPassword()
    {
        const auto outcome = LdapCheck::run(m_slapd->settings(QStringLiteral("ldaps")),
                                            QStringLiteral("alice"), QStringLiteral("bob-pw"));
        expectFailure(outcome, QStringLiteral("user bind"),
                      QStringLiteral("wrong password for uid=alice,ou=users"),
                      LdapCheck::Verdict::Rejected);
    }
    void restrictedGroupMember()
    {
        const auto outcome = LdapCheck::run(m_slapd->settings(QStringLiteral("starttls"), true),
                                            QStringLiteral("alice"), QStringLiteral("alice-pw"));
        QVERIFY2(outcome.check.ok(), qPrintable(dump(outcome.check)));
        QCOMPARE(outcome.check.steps.last().name, QStringLiteral("group membership"));
    }
    void restrictedGroupNonMember()
    {
        const auto outcome = LdapCheck::run(m_slapd->settings(QStringLiteral("plain"), true),
                                            QStringLiteral("bob"), QStringLiteral("bob-pw"));
        expectFailure(outcome, QStringLiteral("group membership"),
                      QStringLiteral("user is not a member of cn=ci-admins,ou=groups"),
                      LdapCheck::Verdict::Rejected);
    }
    void restrictedGroupMissing()
    {
        const auto outcome =
            LdapCheck::run(with(m_slapd->settings(QStringLiteral("plain"), true),
                                QStringLiteral("ldap"), QStringLiteral("restricted_group"),
                                QStringLiteral("cn=nobody,ou=groups,dc=example,dc=org")),
                           QStringLiteral("alice"), QStringLiteral("alice-pw"));
        expectFailure(outcome, QStringLiteral("group membership"), QStringLiteral("does not exist"),
                      LdapCheck::Verdict::Unavailable);
    }
    void wrongGroupObjectClass()
    {
        const auto outcome = LdapCheck::run(
            with(m_slapd->settings(QStringLiteral("plain"), true), QStringLiteral("ldap"),
                 QStringLiteral("group_object_class"), QStringLiteral("groupOfNames")),
            QStringLiteral("alice"), QStringLiteral("alice-pw"));
        expectFailure(outcome, QStringLiteral("group membership"),
                      QStringLiteral("is not a groupOfNames"), LdapCheck::Verdict::Unavailable);
    }
    void untrustedCertificate_data()
    {
        QTest::addColumn<QString>("encryption");
        QTest::newRow("starttls") << QStringLiteral("starttls");
        QTest::newRow("ldaps") << QStringLiteral("ldaps");
    }
    void untrustedCertificate()
    {
        QFETCH(QString, encryption);
        // No custom root CA: the test CA is in no store.
        const auto outcome =
            LdapCheck::run(with(m_slapd->settings(encryption), QStringLiteral("tls"),
                                QStringLiteral("custom_root_cas"), QJsonArray{}),
                           QStringLiteral("alice"), QStringLiteral("alice-pw"));
        expectFailure(outcome, QStringLiteral("tls"), QStringLiteral("certificate not trusted: "),
                      LdapCheck::Verdict::Unavailable);
        QVERIFY2(outcome.check.steps.last().message.contains(
                     QStringLiteral("is not signed by a CA in tls.custom_root_cas")),
                 qPrintable(dump(outcome.check)));
    }
    void certificateForAnotherHost()
    {
        SlapdServer other(SlapdServer::defaultUsers(), {QStringLiteral("DNS:ldap.example.org")});
        QString error;
        QVERIFY2(other.start(&error), qPrintable(error));
        const auto outcome = LdapCheck::run(other.settings(QStringLiteral("ldaps")),
                                            QStringLiteral("alice"), QStringLiteral("alice-pw"));
        expectFailure(outcome, QStringLiteral("tls"),
                      QStringLiteral("certificate not trusted: ldap.host 127.0.0.1 is not a name "
                                     "in the server's certificate (it names DNS:ldap.example.org)"),
                      LdapCheck::Verdict::Unavailable);
    }
    void wrongUserSearchDn()
    {
        const auto outcome = LdapCheck::run(
            with(m_slapd->settings(QStringLiteral("plain")), QStringLiteral("ldap"),
                 QStringLiteral("user_search_dn"), QStringLiteral("ou=people,dc=example,dc=org")),
            QStringLiteral("alice"), QStringLiteral("alice-pw"));
        expectFailure(outcome, QStringLiteral("find user"), QStringLiteral("does not exist"),
                      LdapCheck::Verdict::Unavailable);
    }
    void emptyPasswordIsRefused()
    {
        // A simple bind with an empty password would succeed as an anonymous bind.
        const auto outcome = LdapCheck::run(m_slapd->settings(QStringLiteral("plain")),
                                            QStringLiteral("alice"), QString());
        expectFailure(outcome, QStringLiteral("settings"), QStringLiteral("password is empty"),
                      LdapCheck::Verdict::Unavailable);
    }
    void runsOnThreadPool()
    {
        // Several checks at once from worker threads, as gantryd runs them.
        QList<QFuture<LdapCheck::Outcome>> futures;
        for (int i = 0; i < 4; ++i) {
            const QString encryption = i % 2 ? QStringLiteral("ldaps") : QStringLiteral("starttls");
            const QJsonObject fragment = m_slapd->settings(encryption, true);
            futures.append(QtConcurrent::run([fragment] {
                return LdapCheck::run(fragment, QStringLiteral("alice"),
                                      QStringLiteral("alice-pw"));
            }));
        }
        for (auto &future : futures)
            QVERIFY2(future.result().check.ok(), qPrintable(dump(future.result().check)));
    }
    void serverDown()
    {
        const QJsonObject fragment = m_slapd->settings(QStringLiteral("plain"));
        m_slapd->stop();
        const auto outcome =
            LdapCheck::run(fragment, QStringLiteral("alice"), QStringLiteral("alice-pw"));
        expectFailure(outcome, QStringLiteral("connect"),
                      QStringLiteral("cannot connect to ldap://127.0.0.1:"),
                      LdapCheck::Verdict::Unavailable);
    }
};

QTEST_GUILESS_MAIN(TestLdapCheck)
#include "tst_ldapcheck.moc"
