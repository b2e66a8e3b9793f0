// AuditIdFilter: every key added is reported as possibly present, across layers; keys never added
// are reported absent but for a small share of false positives.
#include "audit/auditidfilter.h"
#include "audit/auditidkey.h"

#include <QTest>
#include <QUuid>

#include <random>

using namespace gantry;

class TestAuditIdFilter : public QObject
{
    Q_OBJECT

private slots:
    void emptyFilterContainsNothing()
    {
        const AuditIdFilter filter;
        std::mt19937_64 random(1);
        for (int i = 0; i < 10000; ++i)
            QVERIFY(!filter.mayContain(qint64(random())));
        QCOMPARE(filter.size(), 0);
    }

    void keysAddedAreFoundAndOthersMostlyNot()
    {
        // Event ids keyed as the store keys them, at the first layer's capacity.
        AuditIdFilter filter;
        const qint64 n = AuditIdFilter::kMinCapacity;
        std::vector<qint64> keys;
        keys.reserve(std::size_t(n));
        for (qint64 i = 0; i < n; ++i)
            keys.push_back(auditIdKey(QUuid::createUuid().toString(QUuid::WithoutBraces)));
        for (const qint64 key : keys)
            filter.add(key);
        QCOMPARE(filter.layers(), 1);
        for (const qint64 key : keys)
            QVERIFY(filter.mayContain(key));
        int falsePositives = 0;
        const int probes = 200000;
        for (int i = 0; i < probes; ++i)
            falsePositives +=
                filter.mayContain(auditIdKey(QUuid::createUuid().toString(QUuid::WithoutBraces)));
        // Full at 12 bits per key: about 0.3 % (a filter that answered "maybe" to all is 100 %).
        QVERIFY2(falsePositives < probes / 100, qPrintable(QString::number(falsePositives)));
    }

    void growsByLayersAndKeepsEveryKey()
    {
        AuditIdFilter filter(1000); // raised to kMinCapacity
        const qint64 n = 4 * AuditIdFilter::kMinCapacity;
        for (qint64 i = 0; i < n; ++i)
            filter.add(i * 7919);
        QCOMPARE(filter.size(), n);
        QCOMPARE(filter.layers(), 3); // 1M + 2M, then 4M for the last million
        for (qint64 i = 0; i < n; ++i)
            if (!filter.mayContain(i * 7919))
                QFAIL(qPrintable(QString("key %1 lost").arg(i * 7919)));
        QCOMPARE(filter.bytes(), (7 * AuditIdFilter::kMinCapacity * 12 + 511) / 512 * 64);
    }
};

QTEST_GUILESS_MAIN(TestAuditIdFilter)
#include "tst_auditidfilter.moc"
