// FleetFormat's hand-written reader of the API's times: the same instant as QDateTime reads, for
// every fraction length, with the slow path for other forms and -1 for what is not a time.
#include "fleetformat.h"

#include <QTest>

using namespace gantry;

class TestFleetFormat final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseMsecsAgreesWithQDateTime_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("seconds") << "2026-11-28T12:04:10Z";
        QTest::newRow("millis") << "2026-11-28T12:04:10.123Z";
        QTest::newRow("one digit") << "2026-11-28T12:04:10.5Z";
        QTest::newRow("nanos") << "2026-11-28T12:04:10.123456789Z";
        QTest::newRow("leap day") << "2024-02-29T23:59:59.999Z";
        QTest::newRow("epoch") << "1970-01-01T00:00:00Z";
        QTest::newRow("new year") << "2027-01-01T00:00:00.001Z";
        QTest::newRow("offset (slow path)") << "2026-11-28T14:04:10.250+02:00";
        QTest::newRow("before 1970 (slow path)") << "1969-12-31T23:59:59Z";
    }
    void parseMsecsAgreesWithQDateTime()
    {
        QFETCH(QString, text);
        QDateTime expected = QDateTime::fromString(text, Qt::ISODateWithMs);
        QVERIFY(expected.isValid());
        QCOMPARE(FleetFormat::parseMsecs(text), expected.toMSecsSinceEpoch());
        QCOMPARE(FleetFormat::parseTime(text), expected.toUTC());
    }
    void notATime()
    {
        QCOMPARE(FleetFormat::parseMsecs(QJsonValue()), -1);
        QCOMPARE(FleetFormat::parseMsecs(QJsonValue(12)), -1);
        QCOMPARE(FleetFormat::parseMsecs(QStringLiteral("yesterday")), -1);
        QCOMPARE(FleetFormat::parseMsecs(QStringLiteral("2026-13-28T12:04:10Z")), -1);
        QCOMPARE(FleetFormat::parseMsecs(QStringLiteral("2026-11-28T25:04:10Z")), -1);
        QVERIFY(!FleetFormat::parseTime(QStringLiteral("2026-11-28Tab:04:10Z")).isValid());
    }
};

QTEST_GUILESS_MAIN(TestFleetFormat)
#include "tst_fleetformat.moc"
