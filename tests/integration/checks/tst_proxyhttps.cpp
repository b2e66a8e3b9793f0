// POST /v1/checks/proxy with an https:// target on a real gantryd: through a real tinyproxy as a
// CONNECT tunnel (tinyproxy logs each CONNECT) to a real `openssl s_server` on 127.0.0.2 that
// presents a chain made by the test. https_proxy is used, or http_proxy when it is empty;
// no_proxy bypasses the proxy; a certificate gantryd does not trust is a failed "certificate"
// step that says why and what to do, and is trusted once its root CA is in tls.custom_root_cas,
// sent with the check or applied; a tunnel the proxy will not open is said to be that.
#include "fixtureprocess.h"
#include "gantrydprocess.h"
#include "handshake.h"
#include "testpki.h"
#include "tinyproxyserver.h"
#include "tlslistener.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using gantry::testing::TestChain;
using gantry::testing::TestPki;
using gantry::testing::TinyproxyServer;
using gantry::testing::TlsListener;

namespace {

const QHostAddress kTargetAddress(QStringLiteral("127.0.0.2"));

QString dump(const HttpAnswer &a)
{
    QStringList lines{QStringLiteral("HTTP %1").arg(a.status)};
    for (const QJsonValue &v : a.json()["steps"].toArray()) {
        const QJsonObject s = v.toObject();
        lines << QStringLiteral("%1 [%2] %3")
                     .arg(s["name"].toString(), s["level"].toString(), s["message"].toString());
    }
    if (a.json().contains("error"))
        lines << QString::fromUtf8(a.body);
    return lines.join('\n');
}

// The step named `name`, or an empty object.
QJsonObject step(const HttpAnswer &a, const QString &name)
{
    for (const QJsonValue &v : a.json()["steps"].toArray())
        if (v.toObject()["name"].toString() == name)
            return v.toObject();
    return {};
}

} // namespace

class TestProxyHttps final : public QObject
{
    Q_OBJECT

    GantrydProcess m_daemon;
    QByteArray m_token;
    TinyproxyServer m_proxy;
    TestChain m_chain;
    TlsListener m_target;
    QString m_proxyLog;

    HttpAnswer check(const QJsonObject &body)
    {
        return GantrydProcess::request(m_daemon.address() + "/v1/checks/proxy", "POST", m_token,
                                       QJsonDocument(body).toJson());
    }
    QString targetUrl() const
    {
        return QStringLiteral("https://127.0.0.2:%1/").arg(m_target.port());
    }
    QString rootPem() const { return QString::fromLatin1(m_chain.root.certificatePem); }
    // How many CONNECT requests for the target tinyproxy has logged so far.
    int connects()
    {
        m_proxyLog += m_proxy.log();
        return int(
            m_proxyLog.count(QStringLiteral("CONNECT 127.0.0.2:%1 HTTP/1.1").arg(m_target.port())));
    }
    QString deadProxy() const
    {
        return QStringLiteral("http://127.0.0.1:%1").arg(gantry::testing::freePort());
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!TinyproxyServer::missing().isEmpty())
            QSKIP("needs: tinyproxy (Debian package tinyproxy)");
        if (!TlsListener::missing().isEmpty())
            QSKIP("needs: the openssl command (Debian package openssl)");
        QVERIFY(m_daemon.start({"--fleet", "local:1"}));
        m_token = gantry::Handshake::read(m_daemon.dataDir())->token.toLatin1();
        QString error;
        QVERIFY2(m_proxy.start(&error), qPrintable(error));
        m_chain = TestPki::makeChain({QStringLiteral("IP:127.0.0.2")});
        QVERIFY2(m_target.start(m_chain.chainPem(), m_chain.leaf.keyPem, &error, kTargetAddress),
                 qPrintable(error));
    }

    void httpsGoesThroughTheProxyAsConnect()
    {
        const int before = connects();
        const HttpAnswer a = check({{"url", targetUrl()},
                                    {"https_proxy", m_proxy.url()},
                                    {"custom_root_cas", QJsonArray{rootPem()}}});
        QVERIFY2(a.status == 200 && a.json()["ok"].toBool(), qPrintable(dump(a)));
        QVERIFY2(step(a, "settings")["message"].toString().contains(
                     QStringLiteral("through %1 (proxy.https_proxy, a CONNECT tunnel)")
                         .arg(m_proxy.url())),
                 qPrintable(dump(a)));
        QCOMPARE(step(a, "proxy reachable")["level"].toString(), "ok");
        const QString trusted = step(a, "certificate")["message"].toString();
        QVERIFY2(trusted.contains("CN=127.0.0.2 (issuer CN=Gantry Test Intermediate)") &&
                     trusted.contains("tls.custom_root_cas (1 certificate(s))"),
                 qPrintable(dump(a)));
        QVERIFY2(step(a, "status")["message"].toString().startsWith("HTTP 200"),
                 qPrintable(dump(a)));
        QTRY_COMPARE(connects(), before + 1);
    }

    void httpProxyCarriesHttpsWhenHttpsProxyIsEmpty()
    {
        // As the rendered HTTPS_PROXY does: an empty https_proxy falls back to http_proxy.
        const int before = connects();
        const HttpAnswer a = check({{"url", targetUrl()},
                                    {"http_proxy", m_proxy.url()},
                                    {"https_proxy", ""},
                                    {"custom_root_cas", QJsonArray{rootPem()}}});
        QVERIFY2(a.status == 200 && a.json()["ok"].toBool(), qPrintable(dump(a)));
        QVERIFY2(step(a, "settings")["message"].toString().contains(
                     "proxy.http_proxy, as proxy.https_proxy is empty"),
                 qPrintable(dump(a)));
        QTRY_COMPARE(connects(), before + 1);
    }

    void theProxyIsTheRouteTaken()
    {
        // The same request with the proxy down fails at the proxy, not at the target.
        const QString dead = deadProxy();
        const HttpAnswer a = check({{"url", targetUrl()},
                                    {"https_proxy", dead},
                                    {"custom_root_cas", QJsonArray{rootPem()}}});
        QVERIFY2(a.status == 200 && !a.json()["ok"].toBool(), qPrintable(dump(a)));
        QCOMPARE(step(a, "proxy reachable")["level"].toString(), "fail");
        QVERIFY2(step(a, "proxy reachable")["message"].toString().startsWith(
                     "cannot reach the proxy " + dead),
                 qPrintable(dump(a)));
    }

    void noProxyBypassesTheProxy()
    {
        // The proxy is down, but the target is in no_proxy: fetched directly, and it works.
        for (const QString &entry : {QStringLiteral("127.0.0.2"), QStringLiteral("127.0.0.0/8")}) {
            const int before = connects();
            const HttpAnswer a = check({{"url", targetUrl()},
                                        {"https_proxy", deadProxy()},
                                        {"no_proxy", QJsonArray{"ci.example.org", entry}},
                                        {"custom_root_cas", QJsonArray{rootPem()}}});
            QVERIFY2(a.status == 200 && a.json()["ok"].toBool(), qPrintable(dump(a)));
            QVERIFY2(step(a, "settings")["message"].toString().contains(
                         QStringLiteral("matches the no_proxy entry \"%1\": fetched directly")
                             .arg(entry)),
                     qPrintable(dump(a)));
            QVERIFY(step(a, "proxy reachable").isEmpty());
            QCOMPARE(step(a, "certificate")["level"].toString(), "ok");
            QCOMPARE(connects(), before);
        }
    }

    void untrustedCertificateIsAFailedStep()
    {
        const int before = connects();
        const HttpAnswer a = check({{"url", targetUrl()}, {"https_proxy", m_proxy.url()}});
        QVERIFY2(a.status == 200 && !a.json()["ok"].toBool(), qPrintable(dump(a)));
        const QJsonObject certificate = step(a, "certificate");
        QCOMPARE(certificate["level"].toString(), "fail");
        const QString message = certificate["message"].toString();
        QVERIFY2(message.startsWith("the certificate of 127.0.0.2 (CN=127.0.0.2, issuer CN=Gantry "
                                    "Test Intermediate) is not trusted: "),
                 qPrintable(message));
        QVERIFY2(message.contains("add the root CA that issued it to tls.custom_root_cas"),
                 qPrintable(message));
        QCOMPARE(a.json()["steps"].toArray().last().toObject()["name"].toString(), "certificate");
        // It was the target's certificate, reached through the tunnel.
        QTRY_COMPARE(connects(), before + 1);

        // Another root does not help, and the message says it was looked for there.
        const QString other = QString::fromLatin1(TestPki::makeRoot("Other Root").certificatePem);
        const HttpAnswer b = check({{"url", targetUrl()},
                                    {"https_proxy", m_proxy.url()},
                                    {"custom_root_cas", QJsonArray{other}}});
        QVERIFY2(step(b, "certificate")["message"].toString().contains(
                     "its issuer is neither in the system store nor among the 1 certificate(s) "
                     "of tls.custom_root_cas"),
                 qPrintable(dump(b)));
    }

    void wrongHostNameIsNamed()
    {
        const TestChain chain = TestPki::makeChain({QStringLiteral("DNS:other.example.org")});
        TlsListener target;
        QString error;
        QVERIFY2(target.start(chain.chainPem(), chain.leaf.keyPem, &error, kTargetAddress),
                 qPrintable(error));
        const HttpAnswer a = check(
            {{"url", QStringLiteral("https://127.0.0.2:%1/").arg(target.port())},
             {"https_proxy", m_proxy.url()},
             {"custom_root_cas", QJsonArray{QString::fromLatin1(chain.root.certificatePem)}}});
        const QString message = step(a, "certificate")["message"].toString();
        QVERIFY2(message.contains("it is for other.example.org, not 127.0.0.2"),
                 qPrintable(dump(a)));
        QVERIFY2(!message.contains("tls.custom_root_cas"), qPrintable(dump(a)));
    }

    void appliedCustomRootCasAreTrusted()
    {
        // The check's tls group comes from the applied settings when the request leaves it out.
        const QJsonObject doc{{"general", QJsonObject{{"hostname", "ci.example.org"}}},
                              {"license", QJsonObject{{"agreed", true}}},
                              {"tls", QJsonObject{{"custom_root_cas", QJsonArray{rootPem()}}}}};
        const HttpAnswer staged = GantrydProcess::request(
            m_daemon.address() + "/v1/settings", "PUT", m_token, QJsonDocument(doc).toJson());
        QVERIFY2(staged.status == 200, staged.body.constData());
        QCOMPARE(GantrydProcess::request(m_daemon.address() + "/v1/settings/apply", "POST", m_token)
                     .status,
                 200);
        const HttpAnswer a = check({{"url", targetUrl()}, {"https_proxy", m_proxy.url()}});
        QVERIFY2(a.status == 200 && a.json()["ok"].toBool(), qPrintable(dump(a)));
        // The group form, with the proxy settings as the settings page sends them.
        const HttpAnswer b =
            check({{"url", targetUrl()},
                   {"proxy", QJsonObject{{"https_proxy", m_proxy.url()}, {"no_proxy", "a.org"}}}});
        QVERIFY2(b.status == 200 && b.json()["ok"].toBool(), qPrintable(dump(b)));
    }

    void tunnelTheProxyWillNotOpen()
    {
        // Nothing listens on this port of 127.0.0.2: tinyproxy refuses the CONNECT.
        const quint16 closed = gantry::testing::freePort(kTargetAddress);
        const HttpAnswer a = check({{"url", QStringLiteral("https://127.0.0.2:%1/").arg(closed)},
                                    {"https_proxy", m_proxy.url()}});
        QVERIFY2(a.status == 200 && !a.json()["ok"].toBool(), qPrintable(dump(a)));
        const QJsonObject request = step(a, "request");
        QCOMPARE(request["level"].toString(), "fail");
        QVERIFY2(request["message"].toString().contains(
                     QStringLiteral("the proxy did not open a tunnel (CONNECT) to 127.0.0.2:%1: "
                                    "it answered \"HTTP/1.")
                         .arg(closed)),
                 qPrintable(dump(a)));
    }
};

QTEST_GUILESS_MAIN(TestProxyHttps)
#include "tst_proxyhttps.moc"
