#include "connectionstatus.h"

#include <QSignalSpy>
#include <QTest>

using namespace gantry;

class TestConnectionStatus final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void texts()
    {
        ConnectionStatus s;
        QCOMPARE(s.text(), "Connecting…");
        s.setConnected("http://127.0.0.1:5");
        QCOMPARE(s.text(), "Connected to http://127.0.0.1:5 (embedded)");
        s.setMode(ConnectionStatus::Mode::Remote);
        QCOMPARE(s.text(), "Connected to http://127.0.0.1:5 (remote)");
        s.setDisconnected("gantryd exited with code 1", -1);
        QCOMPARE(s.text(), "Disconnected — gantryd exited with code 1");
    }
    void countdownTicks()
    {
        ConnectionStatus s;
        QSignalSpy spy(&s, &ConnectionStatus::changed);
        s.setDisconnected("gone", 2500);
        QCOMPARE(s.retryInSeconds(), 3);
        QVERIFY(s.text().startsWith("Disconnected, retrying in 3 s"));
        QTRY_COMPARE_WITH_TIMEOUT(s.retryInSeconds(), 2, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 2, 2000); // the countdown refreshes the text
        s.setConnected("x");
        QCOMPARE(s.retryInSeconds(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConnectionStatus)
#include "tst_connectionstatus.moc"
