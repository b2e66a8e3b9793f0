#include "checks/certificatesummary.h"
#include "checks/selfsignedcertificate.h"
#include "checks/tlscheck.h"
#include "testpki.h"

#include <QJsonArray>
#include <QTest>

using namespace gantry;

class TestSelfSignedCertificate : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("hostname");
        QTest::addColumn<int>("keyType");
        QTest::addColumn<QString>("san");
        QTest::newRow("dns rsa") << QStringLiteral("ci.example.org")
                                 << int(SelfSignedCertificate::KeyType::Rsa2048)
                                 << QStringLiteral("DNS:ci.example.org");
        QTest::newRow("ip ec") << QStringLiteral("10.1.2.3")
                               << int(SelfSignedCertificate::KeyType::EcP256)
                               << QStringLiteral("IP:10.1.2.3");
    }
    void roundTrip()
    {
        QFETCH(QString, hostname);
        QFETCH(int, keyType);
        QFETCH(QString, san);
        QString error;
        const auto made = SelfSignedCertificate::generate(hostname, 30 * 12, &error,
                                                          SelfSignedCertificate::KeyType(keyType));
        QVERIFY2(made, qPrintable(error));
        QVERIFY(made->certificatePem.startsWith("-----BEGIN CERTIFICATE-----"));
        QVERIFY(made->privateKeyPem.startsWith("-----BEGIN PRIVATE KEY-----"));

        // The TLS check accepts what we make: key matches, host name, validity; only a warning
        // that it is self-signed.
        const QJsonObject fragment{
            {QStringLiteral("general"), QJsonObject{{QStringLiteral("hostname"), hostname}}},
            {QStringLiteral("tls"),
             QJsonObject{
                 {QStringLiteral("certificate"), QString::fromLatin1(made->certificatePem)},
                 {QStringLiteral("private_key"), QString::fromLatin1(made->privateKeyPem)}}}};
        const CheckResult result = TlsCheck::run(fragment);
        QVERIFY(result.ok());
        int warnings = 0;
        for (const CheckStep &step : result.steps) {
            if (step.level == CheckLevel::Warn) {
                ++warnings;
                QCOMPARE(step.name, QStringLiteral("trust"));
                QVERIFY(step.message.contains(QStringLiteral("self-signed")));
            }
        }
        QCOMPARE(warnings, 1);
        if (keyType == int(SelfSignedCertificate::KeyType::Rsa2048))
            QVERIFY(result.steps.at(1).message.contains(QStringLiteral("RSA 2048")));

        const QList<CertificateSummary> summary = certificateSummary(made->certificatePem);
        QCOMPARE(summary.size(), 1);
        QCOMPARE(summary.first().subjectAltNames, QStringList{san});
        QVERIFY(summary.first().selfSigned);
        QVERIFY(!summary.first().certificateAuthority);
        QCOMPARE(summary.first().subject, QStringLiteral("CN=") + hostname);
        const qint64 days = QDateTime::currentDateTimeUtc().daysTo(summary.first().notAfter);
        QVERIFY(days >= 359 && days <= 360);
        const QJsonObject json = summary.first().toJson();
        QCOMPARE(json.value(QLatin1String("sha256_fingerprint")).toString().size(), 32 * 3 - 1);
        QCOMPARE(json.value(QLatin1String("subject_alt_names")).toArray().size(), 1);
    }
    void badInput()
    {
        QString error;
        QVERIFY(!SelfSignedCertificate::generate(QStringLiteral("not a host"), 30, &error));
        QVERIFY(error.startsWith(QStringLiteral("hostname:")));
        QVERIFY(!SelfSignedCertificate::generate(QString(), 30, &error));
        QVERIFY(!SelfSignedCertificate::generate(QStringLiteral("ci.example.org"), 0, &error));
        QVERIFY(error.startsWith(QStringLiteral("days:")));
        QVERIFY(!SelfSignedCertificate::generate(QStringLiteral("ci.example.org"), 5000, &error));
    }
    void summaryOfChain()
    {
        const auto chain = gantry::testing::TestPki::makeChain();
        QString error;
        const auto summary = certificateSummary(chain.fullChainPem(), &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(summary.size(), 3);
        QCOMPARE(summary.at(0).issuer, summary.at(1).subject);
        QCOMPARE(summary.at(1).issuer, summary.at(2).subject);
        QVERIFY(summary.at(2).selfSigned);
        QVERIFY(summary.at(1).certificateAuthority);
        QCOMPARE(summary.at(0).subjectAltNames,
                 (QStringList{QStringLiteral("DNS:localhost"), QStringLiteral("IP:127.0.0.1")}));
        QVERIFY(certificateSummary("nothing here", &error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("no PEM certificate")));
    }
};

QTEST_GUILESS_MAIN(TestSelfSignedCertificate)
#include "tst_selfsignedcertificate.moc"
