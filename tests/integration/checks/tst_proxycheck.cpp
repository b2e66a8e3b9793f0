// ProxyCheck through a real tinyproxy to a target served on 127.0.0.2, run on a worker thread.
#include "checks/proxycheck.h"
#include "fixtureprocess.h"
#include "httptargetserver.h"
#include "tinyproxyserver.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTest>
#include <QtConcurrent>

using namespace gantry;
using gantry::testing::HttpTargetServer;
using gantry::testing::TinyproxyServer;

namespace {

QString dump(const CheckResult &r)
{
    QStringList lines;
    for (const CheckStep &s : r.steps)
        lines.append(QStringLiteral("%1 [%2] %3").arg(s.name, toApiString(s.level), s.message));
    return lines.join(QLatin1Char('\n'));
}

QJsonObject proxySettings(const QString &httpProxy, const QStringList &noProxy = {})
{
    return QJsonObject{
        {QStringLiteral("proxy"),
         QJsonObject{{QStringLiteral("http_proxy"), httpProxy},
                     {QStringLiteral("https_proxy"), httpProxy},
                     {QStringLiteral("no_proxy"), QJsonArray::fromStringList(noProxy)}}}};
}

// As gantryd runs it: on a pool thread, which gets its own event loop inside the check.
CheckResult runOnWorker(const QJsonObject &fragment, const QUrl &url, CheckOptions options = {})
{
    return QtConcurrent::run([=] { return ProxyCheck::run(fragment, url, options); }).result();
}

} // namespace

class TestProxyCheck : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<TinyproxyServer> m_proxy;
    std::unique_ptr<HttpTargetServer> m_target;

private slots:
    void initTestCase()
    {
        if (!TinyproxyServer::missing().isEmpty())
            QSKIP("needs: tinyproxy (Debian package tinyproxy)");
        m_target = std::make_unique<HttpTargetServer>();
        QString error;
        QVERIFY2(m_target->start(&error), qPrintable(error));
        m_proxy = std::make_unique<TinyproxyServer>();
        QElapsedTimer timer;
        timer.start();
        QVERIFY2(m_proxy->start(&error), qPrintable(error));
        QVERIFY(timer.elapsed() < 2000);
    }
    void cleanupTestCase()
    {
        m_proxy.reset();
        m_target.reset();
    }

    void throughTinyproxy()
    {
        const int before = m_target->requestCount();
        const CheckResult r = runOnWorker(proxySettings(m_proxy->url()), QUrl(m_target->url()));
        QVERIFY2(r.ok(), qPrintable(dump(r)));
        QCOMPARE(r.steps.size(), 4);
        QCOMPARE(r.steps.at(1).name, QStringLiteral("proxy reachable"));
        QCOMPARE(r.steps.last().message, QStringLiteral("HTTP 200 Test"));
        QCOMPARE(m_target->requestCount(), before + 1);
        // It really went through the proxy: tinyproxy added its Via header.
        QVERIFY2(m_target->lastRequest().contains("gantry-test-proxy"),
                 m_target->lastRequest().constData());
    }
    void targetErrorThroughProxyWarns()
    {
        const CheckResult r = runOnWorker(proxySettings(m_proxy->url()),
                                          QUrl(m_target->url(QStringLiteral("/status/404"))));
        QVERIFY2(r.ok(), qPrintable(dump(r)));
        QCOMPARE(r.steps.last().level, CheckLevel::Warn);
        QVERIFY(r.steps.last().message.startsWith(QStringLiteral("HTTP 404")));
    }
    void proxyCannotReachTarget()
    {
        // Nothing listens on this port of 127.0.0.2: tinyproxy answers with an error page.
        const quint16 port = gantry::testing::freePort(QHostAddress(QStringLiteral("127.0.0.2")));
        const CheckResult r = runOnWorker(proxySettings(m_proxy->url()),
                                          QUrl(QStringLiteral("http://127.0.0.2:%1/").arg(port)));
        QVERIFY2(!r.ok(), qPrintable(dump(r)));
        QCOMPARE(r.steps.last().name, QStringLiteral("status"));
        QVERIFY2(r.steps.last().message.contains(QStringLiteral("the proxy could not reach")),
                 qPrintable(dump(r)));
    }
    void proxyDown()
    {
        const quint16 port = gantry::testing::freePort();
        const QString dead = QStringLiteral("http://127.0.0.1:%1").arg(port);
        const CheckResult r = runOnWorker(proxySettings(dead), QUrl(m_target->url()));
        QVERIFY(!r.ok());
        QCOMPARE(r.steps.last().name, QStringLiteral("proxy reachable"));
        QVERIFY2(r.steps.last().message.startsWith(
                     QStringLiteral("cannot reach the proxy %1: ").arg(dead)),
                 qPrintable(dump(r)));
    }
    void noProxyGoesDirect()
    {
        // The proxy is down, but the target is in no_proxy: fetched directly, and it works.
        const QString dead = QStringLiteral("http://127.0.0.1:%1").arg(gantry::testing::freePort());
        const CheckResult r =
            runOnWorker(proxySettings(dead, {QStringLiteral("127.0.0.2")}), QUrl(m_target->url()));
        QVERIFY2(r.ok(), qPrintable(dump(r)));
        QVERIFY(r.steps.first().message.contains(QStringLiteral("no_proxy entry \"127.0.0.2\"")));
        for (const CheckStep &step : r.steps)
            QVERIFY(step.name != QLatin1String("proxy reachable"));
    }
    void badProxyUrl()
    {
        const CheckResult r =
            runOnWorker(proxySettings(QStringLiteral("127.0.0.1:3128")), QUrl(m_target->url()));
        QVERIFY(!r.ok());
        QCOMPARE(r.steps.size(), 1);
        QVERIFY(
            r.steps.first().message.contains(QStringLiteral("<protocol>://<ip-or-host>:<port>")));
    }
    void cancel()
    {
        // A proxy that accepts but never answers; the cancel flag ends the check quickly.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        std::atomic<bool> cancel{false};
        CheckOptions options;
        options.cancel = &cancel;
        const QJsonObject fragment =
            proxySettings(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()));
        const QUrl url(m_target->url());
        QElapsedTimer timer;
        timer.start();
        QFuture<CheckResult> future =
            QtConcurrent::run([&] { return ProxyCheck::run(fragment, url, options); });
        QTest::qWait(300);
        cancel = true;
        const CheckResult r = future.result();
        QVERIFY(timer.elapsed() < 3000);
        QCOMPARE(r.steps.last().name, QStringLiteral("cancelled"));
    }
};

QTEST_GUILESS_MAIN(TestProxyCheck)
#include "tst_proxycheck.moc"
