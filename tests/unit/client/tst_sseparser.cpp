#include "sseparser.h"

#include <QTest>

using namespace gantry;

class TestSseParser final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wholeMessages()
    {
        SseParser p;
        const auto m =
            p.feed("id: 5\ndata: {\"a\":1}\n\n: heartbeat\n\nevent: resync\ndata: x\n\n");
        QCOMPARE(m.size(), 2);
        QCOMPARE(m[0].id, QByteArray("5"));
        QVERIFY(m[0].hasId);
        QCOMPARE(m[0].data, QByteArray("{\"a\":1}"));
        QCOMPARE(m[0].event, QByteArray("message"));
        QCOMPARE(m[1].event, QByteArray("resync"));
        QVERIFY(!m[1].hasId);
    }
    void splitAnywhere()
    {
        const QByteArray stream = "id: 1\r\ndata: one\r\n\r\nid: 2\rdata: two\rdata: more\r\r\n";
        for (int cut = 1; cut < stream.size(); ++cut) {
            SseParser p;
            auto m = p.feed(stream.left(cut));
            m += p.feed(stream.mid(cut));
            QCOMPARE(m.size(), 2);
            QCOMPARE(m[0].data, QByteArray("one"));
            QCOMPARE(m[1].data, QByteArray("two\nmore"));
            QCOMPARE(m[1].id, QByteArray("2"));
        }
    }
    void retryAndCommentsAndEmptyEvents()
    {
        SseParser p;
        QVERIFY(p.feed("retry: 2000\n\n: c\n\nid: 3\n\n").isEmpty()); // no data: nothing dispatched
        QCOMPARE(p.retryMs(), 2000);
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
