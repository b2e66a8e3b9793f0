// gantryd serving HTTPS (--tls-cert/--tls-key): certificates made by the test with openssl, the
// handshake publishes the chain so clients on the data dir trust it, remote clients need the CA,
// and bad key material is refused before anything listens.
#include "gantrydprocess.h"
#include "handshake.h"

#include <QStandardPaths>
#include <QTest>

class TestGantrydTls final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;

    // A self-signed certificate (RSA 2048) with the given subjectAltName; returns the base path.
    QString makeCertificate(const QString &name, const QString &san, const QStringList &extra = {})
    {
        const QString base = m_tmp.filePath(name);
        QProcess openssl;
        openssl.start("openssl",
                      QStringList{"req", "-x509", "-newkey", "rsa:2048", "-keyout", base + ".key",
                                  "-out", base + ".crt", "-days", "2", "-subj", "/CN=" + name,
                                  "-addext", "subjectAltName=" + san} +
                          extra);
        openssl.waitForFinished(30000);
        return openssl.exitCode() == 0 ? base : QString();
    }
    struct Run
    {
        int code = -1;
        QByteArray out, err;
    };
    static Run ctl(const QStringList &args)
    {
        QProcess p;
        p.start(GantrydProcess::binary("gantryctl"), args);
        p.waitForFinished(20000);
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable("openssl").isEmpty())
            QSKIP("needs: openssl (installer/install-deps.sh)");
    }

    void servesHttpsAndPublishesTheChain()
    {
        const QString cert = makeCertificate("gantry.test", "DNS:gantry.test", {"-nodes"});
        QVERIFY(!cert.isEmpty());
        GantrydProcess d;
        QVERIFY(d.start({"--tls-cert", cert + ".crt", "--tls-key", cert + ".key"}));
        QVERIFY2(d.address().startsWith("https://127.0.0.1:"), qPrintable(d.address()));
        const auto h = gantry::Handshake::read(d.dataDir());
        QVERIFY(h);
        QVERIFY(h->certificate.contains("BEGIN CERTIFICATE"));
        // gantryctl on the data dir pins that chain, although it names gantry.test, not 127.0.0.1.
        const Run local = ctl({"--data-dir", d.dataDir(), "health"});
        QVERIFY2(local.code == 0, local.err.constData());
        // A remote caller without the CA is refused by TLS verification.
        const Run remote = ctl({"--address", d.address(), "--token", h->token, "health"});
        QCOMPARE(remote.code, 3);
        // Plain HTTP to the HTTPS port gets nowhere.
        QVERIFY(GantrydProcess::request(QString(d.address()).replace("https://", "http://") +
                                        "/v1/health")
                    .status != 200);
    }
    void remoteClientWithTheCaFile()
    {
        const QString cert = makeCertificate("loopback", "IP:127.0.0.1", {"-nodes"});
        GantrydProcess d;
        QVERIFY(d.start({"--tls-cert", cert + ".crt", "--tls-key", cert + ".key"}));
        const auto h = gantry::Handshake::read(d.dataDir());
        const Run r = ctl(
            {"--address", d.address(), "--token", h->token, "--cacert", cert + ".crt", "version"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("gantryd"));
        const Run missing = ctl({"--address", d.address(), "--token", h->token, "--cacert",
                                 m_tmp.filePath("none.pem"), "health"});
        QCOMPARE(missing.code, 2);
    }
    void nonLoopbackIsAllowedWithTls()
    {
        const QString cert = makeCertificate("any", "DNS:any", {"-nodes"});
        GantrydProcess d;
        QVERIFY(d.start(
            {"--listen", "0.0.0.0:0", "--tls-cert", cert + ".crt", "--tls-key", cert + ".key"}));
        QVERIFY(d.address().startsWith("https://0.0.0.0:"));
    }
    void badKeyMaterialIsRefused_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::newRow("encrypted key") << "encrypted";
        QTest::newRow("other key") << "does not belong";
        QTest::newRow("not pem") << "no PEM certificate";
        QTest::newRow("only one option") << "go together";
    }
    void badKeyMaterialIsRefused()
    {
        QFETCH(QString, problem);
        const QString a = makeCertificate("a-" + problem.left(3), "DNS:a", {"-nodes"});
        const QString b = makeCertificate("b-" + problem.left(3), "DNS:b", {"-nodes"});
        const QString encrypted =
            makeCertificate("enc-" + problem.left(3), "DNS:e", {"-passout", "pass:secret"});
        QVERIFY(!a.isEmpty() && !b.isEmpty() && !encrypted.isEmpty());
        QStringList args;
        if (problem == "encrypted")
            args = {"--tls-cert", encrypted + ".crt", "--tls-key", encrypted + ".key"};
        else if (problem == "does not belong")
            args = {"--tls-cert", a + ".crt", "--tls-key", b + ".key"};
        else if (problem == "no PEM certificate")
            args = {"--tls-cert", a + ".key", "--tls-key", a + ".key"};
        else
            args = {"--tls-cert", a + ".crt"};
        GantrydProcess d;
        QVERIFY(!d.start(args));
        QVERIFY(d.waitExited());
        QCOMPARE(d.process().exitCode(), 2);
        const QByteArray err = d.process().readAllStandardError();
        QVERIFY2(err.contains(problem.toLatin1()), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestGantrydTls)
#include "tst_gantrydtls.moc"
