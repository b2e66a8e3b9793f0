#include "auditevent.h"

#include <QJsonArray>
#include <QTest>

#include <ctime>

using namespace gantry;

class TestAuditEvent final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void timeFormat_data()
    {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QString>("text");
        QTest::newRow("ms") << Q_INT64_C(1513864254474000000) << "2017-12-21T13:50:54.474Z";
        QTest::newRow("ns") << Q_INT64_C(1513864254474123456) << "2017-12-21T13:50:54.474123456Z";
        QTest::newRow("us") << Q_INT64_C(1513864254474120000) << "2017-12-21T13:50:54.47412Z";
        QTest::newRow("whole") << Q_INT64_C(1513864254000000000) << "2017-12-21T13:50:54.000Z";
        QTest::newRow("epoch") << Q_INT64_C(0) << "1970-01-01T00:00:00.000Z";
    }
    void timeFormat()
    {
        QFETCH(qint64, ns);
        QFETCH(QString, text);
        QCOMPARE(AuditEvent::formatTime(ns), text);
        QCOMPARE(AuditEvent::parseTime(text).value_or(-1), ns);
    }
    void parseTimeForms()
    {
        QCOMPARE(AuditEvent::parseTime("2017-12-21T13:50:54Z").value_or(-1),
                 Q_INT64_C(1513864254000000000));
        QCOMPARE(AuditEvent::parseTime("2017-12-21T13:50:54.5+00:00").value_or(-1),
                 Q_INT64_C(1513864254500000000));
        QVERIFY(!AuditEvent::parseTime("2017-12-21T13:50:54.1234567891Z")); // ten digits
        QVERIFY(!AuditEvent::parseTime("2017-12-21 13:50:54Z"));
        QVERIFY(!AuditEvent::parseTime("2017-12-21T13:50:54+02:00")); // UTC only
        QVERIFY(!AuditEvent::parseTime("2017-13-21T13:50:54Z"));
        QVERIFY(!AuditEvent::parseTime("2017-02-29T13:50:54Z")); // not a leap year
        QCOMPARE(AuditEvent::parseTime("2016-02-29T00:00:00Z").value_or(-1),
                 Q_INT64_C(1456704000000000000));
        QCOMPARE(AuditEvent::parseTime("1969-12-31T23:59:59.5Z").value_or(-1),
                 Q_INT64_C(-500000000));
        QVERIFY(!AuditEvent::parseTime("2017-12-21T24:00:00Z"));
        QVERIFY(!AuditEvent::parseTime("2017-12-21T13:60:54Z"));
        QVERIFY(!AuditEvent::parseTime("2017-12-21T13:50:60Z")); // no leap seconds
        QVERIFY(!AuditEvent::parseTime("2017-12-21T13:50:54.Z"));
        QVERIFY(!AuditEvent::parseTime("2017-12-21T13:50:54"));
        QVERIFY(!AuditEvent::parseTime("2017-12-21T13:50:54Zjunk"));
        QVERIFY(!AuditEvent::parseTime(QString::fromUtf8("2017-12-21T13:50:5\u0665Z")));
        // Out of the int64 nanosecond range: refused, never wrapped around.
        QVERIFY(!AuditEvent::parseTime("2263-01-01T00:00:00Z"));
        // The edges timeForm() names are taken; a second past them is not.
        QVERIFY(AuditEvent::parseTime("2262-04-11T23:47:15.999999999Z"));
        QVERIFY(!AuditEvent::parseTime("2262-04-11T23:47:16Z"));
        QVERIFY(AuditEvent::parseTime("1677-09-21T00:12:45Z"));
        QVERIFY(!AuditEvent::parseTime("1677-09-21T00:12:44Z"));
        QVERIFY(!AuditEvent::parseTime("1600-01-01T00:00:00Z"));
        QCOMPARE(AuditEvent::parseTime("2262-01-01T00:00:00Z").value_or(-1),
                 Q_INT64_C(9214646400000000000));
    }

    void parseTimeIgnoresTheLocalZone()
    {
        // 02:30 on 2023-03-26 does not exist in Berlin (DST starts); as UTC it is an instant.
        const QByteArray tz = qgetenv("TZ");
        qputenv("TZ", "Europe/Berlin");
        tzset();
        const auto ns = AuditEvent::parseTime("2023-03-26T02:30:00Z");
        const auto autumn = AuditEvent::parseTime("2023-10-29T02:30:00Z"); // twice in Berlin
        if (tz.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", tz);
        tzset();
        QCOMPARE(ns.value_or(-1), Q_INT64_C(1679797800000000000));
        QCOMPARE(autumn.value_or(-1), Q_INT64_C(1698546600000000000));
    }
    void actions()
    {
        for (const char *ok :
             {"workflow.job.start", "context.env_var.store", "user.logged_in", "audit_log.export"})
            QVERIFY2(AuditEvent::isValidAction(ok), ok);
        for (const char *bad :
             {"Workflow.job", "user", "user.", ".user", "user..x", "user.log-in", "user.1", "",
              "user_.x", "user._x", "user.x_", "_user.x", "user__x.y", "user.x.", "a.b\u00e9"})
            QVERIFY2(!AuditEvent::isValidAction(bad), bad);
    }
    void jsonRoundTrip()
    {
        AuditEvent e = AuditEvent::make("settings.update", AuditEvent::entity("user", "u1", "ada"),
                                        AuditEvent::entity("settings", "3"),
                                        QJsonObject{{"paths", QJsonArray{"ldap.host"}}});
        e.metadata.insert("k", "v");
        e.request = QJsonObject{{"id", "r1"}, {"ip_address", "127.0.0.1"}};
        QString why;
        const auto back = AuditEvent::fromJson(e.toJson(), &why);
        QVERIFY2(back, qPrintable(why));
        QCOMPARE(back->toJson(), e.toJson());
    }
    void fromJsonNamesTheField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("id") << "id" << QJsonValue("nope");
        QTest::newRow("action") << "action" << QJsonValue("Bad Action");
        QTest::newRow("actor") << "actor" << QJsonValue("text");
        QTest::newRow("occurred_at") << "occurred_at" << QJsonValue("yesterday");
        QTest::newRow("success") << "success" << QJsonValue("yes");
        QTest::newRow("metadata") << "metadata" << QJsonValue(QJsonObject{{"n", 1}});
    }
    void fromJsonNamesTheField()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject o = AuditEvent::make("user.create", {}, {}).toJson();
        o.insert(field, value);
        QString why;
        QVERIFY(!AuditEvent::fromJson(o, &why));
        QVERIFY2(why.startsWith(field), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestAuditEvent)
#include "tst_auditevent.moc"
