// ChainFetcher against a real `openssl s_server` presenting root → intermediate → leaf.
#include "checks/chainfetcher.h"
#include "checks/tlscheck.h"
#include "fixtureprocess.h"
#include "testpki.h"
#include "tlslistener.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTest>

using namespace gantry;
using gantry::testing::TestPki;
using gantry::testing::TlsListener;

namespace {

QString dump(const CheckResult &r)
{
    QStringList lines;
    for (const CheckStep &s : r.steps)
        lines.append(QStringLiteral("%1 [%2] %3").arg(s.name, toApiString(s.level), s.message));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestChainFetcher : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!TlsListener::missing().isEmpty())
            QSKIP("needs: the openssl command (Debian package openssl)");
    }
    void fetchFullChain()
    {
        const auto chain = TestPki::makeChain();
        TlsListener listener;
        QElapsedTimer timer;
        timer.start();
        QString error;
        QVERIFY2(listener.start(chain.fullChainPem(), chain.leaf.keyPem, &error),
                 qPrintable(error));
        QVERIFY(timer.elapsed() < 2000);

        const FetchedChain fetched = ChainFetcher::fetch(listener.host(), listener.port());
        QVERIFY2(fetched.check.ok(), qPrintable(dump(fetched.check)));
        QCOMPARE(fetched.certificates.size(), 3);
        QCOMPARE(fetched.pem, chain.fullChainPem());
        QCOMPARE(fetched.certificates.at(0).subjectAltNames,
                 (QStringList{QStringLiteral("DNS:localhost"), QStringLiteral("IP:127.0.0.1")}));
        QVERIFY(fetched.certificates.at(2).selfSigned);
        // Not in the system store: a warning, with what to do.
        QCOMPARE(fetched.check.steps.last().name, QStringLiteral("trust"));
        QCOMPARE(fetched.check.steps.last().level, CheckLevel::Warn);
        const QJsonObject json = fetched.toJson();
        QCOMPARE(json.value(QLatin1String("certificates")).toArray().size(), 3);
        QVERIFY(json.value(QLatin1String("ok")).toBool());

        // What was fetched is ready for custom_root_cas: the chain verifies against it.
        const QJsonObject fragment{
            {QStringLiteral("general"),
             QJsonObject{{QStringLiteral("hostname"), QStringLiteral("localhost")}}},
            {QStringLiteral("tls"),
             QJsonObject{{QStringLiteral("certificate"), QString::fromLatin1(chain.chainPem())},
                         {QStringLiteral("private_key"), QString::fromLatin1(chain.leaf.keyPem)},
                         {QStringLiteral("custom_root_cas"),
                          QJsonArray{QString::fromLatin1(fetched.certificates.last().pem)}}}}};
        const CheckResult verified = TlsCheck::run(fragment);
        QVERIFY2(verified.ok(), qPrintable(dump(verified)));
        QCOMPARE(verified.steps.last().level, CheckLevel::Ok);
    }
    void serverWithoutRootWarns()
    {
        const auto chain = TestPki::makeChain();
        TlsListener listener;
        QString error;
        QVERIFY2(listener.start(chain.chainPem(), chain.leaf.keyPem, &error), qPrintable(error));
        const FetchedChain fetched = ChainFetcher::fetch(listener.host(), listener.port());
        QVERIFY2(fetched.check.ok(), qPrintable(dump(fetched.check)));
        QCOMPARE(fetched.certificates.size(), 2);
        bool warned = false;
        for (const CheckStep &step : fetched.check.steps)
            warned |= step.name == QLatin1String("chain") && step.level == CheckLevel::Warn &&
                      step.message.contains(QStringLiteral("does not present its root"));
        QVERIFY2(warned, qPrintable(dump(fetched.check)));
    }
    void nothingListening()
    {
        const quint16 port = gantry::testing::freePort();
        const FetchedChain fetched = ChainFetcher::fetch(QStringLiteral("127.0.0.1"), port);
        QVERIFY(!fetched.check.ok());
        QCOMPARE(fetched.check.steps.last().name, QStringLiteral("connect"));
        QVERIFY(fetched.check.steps.last().message.startsWith(
            QStringLiteral("cannot connect to 127.0.0.1:")));
        QVERIFY(fetched.pem.isEmpty());
    }
    void notTls()
    {
        // A plain TCP server that says nothing: the handshake times out within the step limit.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        CheckOptions options;
        options.stepTimeout = std::chrono::milliseconds(800);
        QElapsedTimer timer;
        timer.start();
        const FetchedChain fetched =
            ChainFetcher::fetch(QStringLiteral("127.0.0.1"), server.serverPort(), options);
        QVERIFY(timer.elapsed() < 3000);
        QVERIFY(!fetched.check.ok());
        QCOMPARE(fetched.check.steps.last().name, QStringLiteral("handshake"));
    }
    void badAddress()
    {
        const FetchedChain fetched = ChainFetcher::fetch(QString(), 443);
        QCOMPARE(fetched.check.steps.size(), 1);
        QVERIFY(fetched.check.steps.first().message.contains(QStringLiteral("HOST:PORT")));
    }
};

QTEST_GUILESS_MAIN(TestChainFetcher)
#include "tst_chainfetcher.moc"
