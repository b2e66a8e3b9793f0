#include "checks/tlscheck.h"
#include "testpki.h"

#include <QJsonArray>
#include <QTest>

using namespace gantry;
using gantry::testing::TestChain;
using gantry::testing::TestPki;

namespace {

QJsonObject fragment(const QByteArray &cert, const QByteArray &key, const QString &hostname,
                     const QByteArray &customCa = {})
{
    QJsonObject tls{{QStringLiteral("certificate"), QString::fromLatin1(cert)},
                    {QStringLiteral("private_key"), QString::fromLatin1(key)}};
    if (!customCa.isEmpty())
        tls.insert(QStringLiteral("custom_root_cas"), QJsonArray{QString::fromLatin1(customCa)});
    return QJsonObject{
        {QStringLiteral("general"), QJsonObject{{QStringLiteral("hostname"), hostname}}},
        {QStringLiteral("tls"), tls}};
}

const CheckStep *stepNamed(const CheckResult &r, const QString &name)
{
    for (const CheckStep &s : r.steps) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

QString dump(const CheckResult &r)
{
    QStringList lines;
    for (const CheckStep &s : r.steps)
        lines.append(QStringLiteral("%1 [%2] %3").arg(s.name, toApiString(s.level), s.message));
    return lines.join(QLatin1Char('\n'));
}

#define EXPECT_STEP(result, name, lvl, fragmentText)                                               \
    do {                                                                                           \
        const CheckStep *s_ = stepNamed(result, QStringLiteral(name));                             \
        QVERIFY2(s_, qPrintable(dump(result)));                                                    \
        QVERIFY2(s_->level == (lvl), qPrintable(dump(result)));                                    \
        QVERIFY2(s_->message.contains(QStringLiteral(fragmentText)), qPrintable(dump(result)));    \
    } while (false)

} // namespace

class TestTlsCheck : public QObject
{
    Q_OBJECT
private:
    TestChain m_chain;

private slots:
    void initTestCase()
    {
        m_chain = TestPki::makeChain(
            {QStringLiteral("DNS:ci.example.org"), QStringLiteral("IP:10.0.0.5")});
    }

    void goodChain()
    {
        const CheckResult r =
            TlsCheck::run(fragment(m_chain.chainPem(), m_chain.leaf.keyPem,
                                   QStringLiteral("ci.example.org"), m_chain.root.certificatePem));
        QVERIFY2(r.ok(), qPrintable(dump(r)));
        for (const CheckStep &s : r.steps)
            QVERIFY2(s.level == CheckLevel::Ok, qPrintable(dump(r)));
        QCOMPARE(r.steps.size(), 7);
        EXPECT_STEP(r, "chain order", CheckLevel::Ok, "2 certificates");
        EXPECT_STEP(r, "trust", CheckLevel::Ok, "1 custom root");
    }
    void ipHostName()
    {
        const CheckResult r =
            TlsCheck::run(fragment(m_chain.chainPem(), m_chain.leaf.keyPem,
                                   QStringLiteral("10.0.0.5"), m_chain.root.certificatePem));
        EXPECT_STEP(r, "host name", CheckLevel::Ok, "10.0.0.5");
    }
    void wrongOrder()
    {
        const QByteArray swapped =
            m_chain.intermediate.certificatePem + m_chain.leaf.certificatePem;
        const CheckResult r =
            TlsCheck::run(fragment(swapped, m_chain.leaf.keyPem, QStringLiteral("ci.example.org"),
                                   m_chain.root.certificatePem));
        QVERIFY(!r.ok());
        EXPECT_STEP(r, "chain order", CheckLevel::Fail, "out of order");
        // The key belongs to the second certificate: the message says to put it first.
        EXPECT_STEP(r, "key matches certificate", CheckLevel::Fail, "put that certificate first");
    }
    void missingIntermediate()
    {
        const CheckResult r =
            TlsCheck::run(fragment(m_chain.leaf.certificatePem, m_chain.leaf.keyPem,
                                   QStringLiteral("ci.example.org"), m_chain.root.certificatePem));
        QVERIFY(!r.ok());
        EXPECT_STEP(r, "trust", CheckLevel::Fail, "missing intermediate");
    }
    void keyMismatch()
    {
        const CheckResult r =
            TlsCheck::run(fragment(m_chain.chainPem(), m_chain.intermediate.keyPem,
                                   QStringLiteral("ci.example.org"), m_chain.root.certificatePem));
        QVERIFY(!r.ok());
        EXPECT_STEP(r, "key matches certificate", CheckLevel::Fail, "does not belong");
    }
    void expired()
    {
        TestPki::Spec spec;
        spec.commonName = QStringLiteral("ci.example.org");
        spec.subjectAltNames = {QStringLiteral("DNS:ci.example.org")};
        spec.notBeforeSeconds = -86400 * 10;
        spec.notAfterSeconds = -86400;
        const auto leaf = TestPki::issue(spec, &m_chain.intermediate);
        const CheckResult r = TlsCheck::run(
            fragment(leaf.certificatePem + m_chain.intermediate.certificatePem, leaf.keyPem,
                     QStringLiteral("ci.example.org"), m_chain.root.certificatePem));
        QVERIFY(!r.ok());
        EXPECT_STEP(r, "validity", CheckLevel::Fail, "expired on");
        EXPECT_STEP(r, "trust", CheckLevel::Ok, "trusted"); // expiry is its own step
    }
    void notYetValid()
    {
        TestPki::Spec spec;
        spec.commonName = QStringLiteral("ci.example.org");
        spec.subjectAltNames = {QStringLiteral("DNS:ci.example.org")};
        spec.notBeforeSeconds = 86400;
        spec.notAfterSeconds = 86400 * 100;
        const auto leaf = TestPki::issue(spec);
        const CheckResult r = TlsCheck::run(
            fragment(leaf.certificatePem, leaf.keyPem, QStringLiteral("ci.example.org")));
        EXPECT_STEP(r, "validity", CheckLevel::Fail, "not valid before");
    }
    void expiresSoonWarns()
    {
        const TestChain soon =
            TestPki::makeChain({QStringLiteral("DNS:ci.example.org")}, 86400 * 5);
        const CheckResult r =
            TlsCheck::run(fragment(soon.chainPem(), soon.leaf.keyPem,
                                   QStringLiteral("ci.example.org"), soon.root.certificatePem));
        QVERIFY2(r.ok(), qPrintable(dump(r)));
        EXPECT_STEP(r, "validity", CheckLevel::Warn, "expires in");
    }
    void wrongHostName()
    {
        const CheckResult r = TlsCheck::run(fragment(m_chain.chainPem(), m_chain.leaf.keyPem,
                                                     QStringLiteral("other.example.org"),
                                                     m_chain.root.certificatePem));
        QVERIFY(!r.ok());
        EXPECT_STEP(r, "host name", CheckLevel::Fail, "DNS:ci.example.org");
    }
    void encryptedKey()
    {
        const QByteArray encrypted = TestPki::encryptKey(m_chain.leaf.keyPem, "secret");
        QVERIFY(encrypted.contains("ENCRYPTED"));
        const CheckResult r =
            TlsCheck::run(fragment(m_chain.chainPem(), encrypted, QStringLiteral("ci.example.org"),
                                   m_chain.root.certificatePem));
        QVERIFY(!r.ok());
        EXPECT_STEP(r, "private key", CheckLevel::Fail, "encrypted");
        EXPECT_STEP(r, "private key", CheckLevel::Fail, "openssl pkey");
    }
    void weakRsaKey()
    {
        TestPki::Spec spec;
        spec.commonName = QStringLiteral("ci.example.org");
        spec.subjectAltNames = {QStringLiteral("DNS:ci.example.org")};
        spec.keyKind = TestPki::KeyKind::Rsa1024;
        const auto leaf = TestPki::issue(spec);
        const CheckResult r = TlsCheck::run(
            fragment(leaf.certificatePem, leaf.keyPem, QStringLiteral("ci.example.org")));
        EXPECT_STEP(r, "private key", CheckLevel::Fail, "at least 2048");
    }
    void notPem()
    {
        CheckResult r = TlsCheck::run(fragment("hello", m_chain.leaf.keyPem, QStringLiteral("x")));
        QVERIFY(!r.ok());
        EXPECT_STEP(r, "certificate", CheckLevel::Fail, "no PEM certificate");
        r = TlsCheck::run(fragment("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                                   m_chain.leaf.keyPem, QStringLiteral("x")));
        EXPECT_STEP(r, "certificate", CheckLevel::Fail, "does not parse");
        r = TlsCheck::run(fragment(m_chain.chainPem(), "junk", QStringLiteral("ci.example.org")));
        EXPECT_STEP(r, "private key", CheckLevel::Fail, "not a PEM private key");
        r = TlsCheck::run(QJsonObject{});
        EXPECT_STEP(r, "certificate", CheckLevel::Fail, "empty");
    }
    void selfSignedWarns()
    {
        TestPki::Spec spec;
        spec.commonName = QStringLiteral("ci.example.org");
        spec.subjectAltNames = {QStringLiteral("DNS:ci.example.org")};
        const auto cert = TestPki::issue(spec);
        const CheckResult r = TlsCheck::run(
            fragment(cert.certificatePem, cert.keyPem, QStringLiteral("ci.example.org")));
        QVERIFY2(r.ok(), qPrintable(dump(r)));
        EXPECT_STEP(r, "trust", CheckLevel::Warn, "self-signed");
    }
    void untrustedRootInChainWarns()
    {
        const CheckResult r = TlsCheck::run(fragment(m_chain.fullChainPem(), m_chain.leaf.keyPem,
                                                     QStringLiteral("ci.example.org")));
        QVERIFY2(r.ok(), qPrintable(dump(r)));
        EXPECT_STEP(r, "trust", CheckLevel::Warn, "custom_root_cas");
    }
    void jsonContract()
    {
        const QJsonObject json =
            TlsCheck::run(fragment(m_chain.chainPem(), m_chain.leaf.keyPem,
                                   QStringLiteral("ci.example.org"), m_chain.root.certificatePem))
                .toJson();
        QVERIFY(json.value(QLatin1String("ok")).toBool());
        QVERIFY(json.value(QLatin1String("steps")).toArray().size() == 7);
    }
};

QTEST_GUILESS_MAIN(TestTlsCheck)
#include "tst_tlscheck.moc"
