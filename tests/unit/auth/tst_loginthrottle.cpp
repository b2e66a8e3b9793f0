#include "auth/loginthrottle.h"

#include <QTest>

using namespace gantry;

class TestLoginThrottle final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void freeAttemptsThenDoublingWaits()
    {
        LoginThrottle t;
        for (int i = 0; i < LoginThrottle::kFreeAttempts - 1; ++i) {
            t.recordFailure("ada", "10.0.0.1");
            QCOMPARE(t.retryAfter("ada", "10.0.0.1"), 0);
        }
        t.recordFailure("ada", "10.0.0.1");
        QCOMPARE(t.retryAfter("ada", "10.0.0.1"), 1);
        t.recordFailure("ada", "10.0.0.1");
        QCOMPARE(t.retryAfter("ada", "10.0.0.1"), 2);
        // The same user from elsewhere and another user from here are both held back.
        QCOMPARE(t.retryAfter("ADA", "10.0.0.9"), 2);
        QCOMPARE(t.retryAfter("bob", "10.0.0.1"), 2);
        QCOMPARE(t.retryAfter("bob", "10.0.0.9"), 0);
    }
    void successClearsTheUser()
    {
        LoginThrottle t;
        for (int i = 0; i < 5; ++i)
            t.recordFailure("ada", "a");
        t.recordSuccess("ada");
        QCOMPARE(t.retryAfter("ada", "b"), 0);
        QVERIFY(t.retryAfter("ada", "a") > 0); // the address keeps its record
    }
    void capped()
    {
        LoginThrottle t;
        for (int i = 0; i < 40; ++i)
            t.recordFailure("ada", "a");
        QVERIFY(t.retryAfter("ada", "a") <= LoginThrottle::kMaxDelaySeconds);
    }
};

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_loginthrottle.moc"
