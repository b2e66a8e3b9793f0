// GET /v1/events over real HTTP (QtHttpServer in this process, the client's EventStream on its
// own connection): live delivery, resume with Last-Event-ID without loss, resync when the buffer
// no longer holds what was missed, topic filters, and clients that vanish.
#include "api/apiserver.h"
#include "api/eventhub.h"
#include "api/tokenauth.h"
#include "eventstream.h"
#include "gantrydprocess.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace gantry;

class TestEvents final : public QObject
{
    Q_OBJECT
    static constexpr char kToken[] = "events-token-0123456789";

    struct Server
    {
        std::shared_ptr<TokenAuth> auth = std::make_shared<TokenAuth>(kToken);
        ApiServer api{auth};
        EventHub hub;
        QString address;
        explicit Server(qsizetype capacity = 1000)
            : hub(nullptr, capacity, 1)
        {
            hub.installRoutes(api.router());
            QString why;
            const quint16 port = api.listen(QHostAddress::LocalHost, 0, &why);
            address = QStringLiteral("http://127.0.0.1:%1").arg(port);
        }
    };

    static void collect(EventStream &stream, QList<qint64> *indexes)
    {
        QObject::connect(&stream, &EventStream::event, &stream,
                         [indexes](const Event &e) { indexes->append(e.index); });
    }

private Q_SLOTS:
    void liveEventsArriveInOrder()
    {
        Server server;
        EventStream stream;
        stream.setAddress(QUrl(server.address));
        stream.setToken(kToken);
        QList<qint64> got;
        collect(stream, &got);
        QSignalSpy connected(&stream, &EventStream::connected);
        stream.start();
        QTRY_COMPARE(server.hub.subscriberCount(), 1);
        for (int i = 0; i < 500; ++i)
            server.hub.publish("Job", "updated", QJsonObject{{"n", i}});
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), 500, 10000);
        QCOMPARE(connected.count(), 1);
        for (int i = 0; i < 500; ++i)
            QCOMPARE(got[i], i + 1);
    }

    void resumeWithLastEventIdMissesNothing()
    {
        Server server;
        EventStream stream;
        stream.setAddress(QUrl(server.address));
        stream.setToken(kToken);
        QList<qint64> got;
        collect(stream, &got);
        stream.start();
        QTRY_COMPARE(server.hub.subscriberCount(), 1);
        for (int i = 0; i < 50; ++i)
            server.hub.publish("Node", "updated", {});
        QTRY_COMPARE(got.size(), 50);
        stream.stop(); // the client drops
        QTRY_COMPARE(server.hub.subscriberCount(), 0);
        for (int i = 0; i < 50; ++i)
            server.hub.publish("Node", "updated", {}); // published while away
        stream.start();                                // resumes after index 50
        QTRY_COMPARE(server.hub.subscriberCount(), 1);
        for (int i = 0; i < 10; ++i)
            server.hub.publish("Node", "updated", {});
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), 110, 10000);
        for (int i = 0; i < 110; ++i)
            QCOMPARE(got[i], i + 1); // no gap, no duplicate
    }

    void resyncWhenTheBufferLostWhatWasMissed()
    {
        Server server(20);
        EventStream stream;
        stream.setAddress(QUrl(server.address));
        stream.setToken(kToken);
        QList<qint64> got;
        collect(stream, &got);
        QSignalSpy resync(&stream, &EventStream::resync);
        stream.start();
        QTRY_COMPARE(server.hub.subscriberCount(), 1);
        server.hub.publish("Job", "updated", {});
        QTRY_COMPARE(got.size(), 1);
        stream.stop();
        QTRY_COMPARE(server.hub.subscriberCount(), 0);
        for (int i = 0; i < 100; ++i) // far more than the buffer holds
            server.hub.publish("Job", "updated", {});
        stream.start();
        QTRY_COMPARE(resync.count(), 1);
        QCOMPARE(resync.at(0).at(0).toLongLong(), 101);
        QCOMPARE(got.size(), 1); // nothing replayed: the client re-lists instead
        server.hub.publish("Job", "updated", {});
        QTRY_COMPARE(got.size(), 2);
        QCOMPARE(got.last(), 102);
    }

    void topicFilter()
    {
        Server server;
        EventStream stream;
        stream.setAddress(QUrl(server.address));
        stream.setToken(kToken);
        stream.setTopics({"Settings"});
        QList<qint64> got;
        collect(stream, &got);
        stream.start();
        QTRY_COMPARE(server.hub.subscriberCount(), 1);
        server.hub.publish("Job", "updated", {});
        server.hub.publish("Settings", "applied", {});
        server.hub.publish("Node", "updated", {});
        QTRY_COMPARE(got.size(), 1);
        QTest::qWait(100);
        QCOMPARE(got, QList<qint64>{2});
    }

    void badTopicAndMissingTokenAreRefused()
    {
        Server server;
        QCOMPARE(GantrydProcess::request(server.address + "/v1/events").status, 401);
        const HttpAnswer bad =
            GantrydProcess::request(server.address + "/v1/events?topics=Nope", "GET", kToken);
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.json()["error"].toObject()["message"].toString().contains("Nope"));
    }

    void vanishingClientsAreDropped()
    {
        Server server;
        for (int i = 0; i < 5; ++i) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, QUrl(server.address).port());
            QVERIFY(socket.waitForConnected(2000));
            socket.write(
                QByteArray("GET /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") +
                kToken + "\r\n\r\n");
            QTRY_COMPARE(server.hub.subscriberCount(), 1);
            socket.abort();
            server.hub.publish("Job", "updated",
                               {}); // writing after the client left must not crash
            QTRY_COMPARE(server.hub.subscriberCount(), 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_events.moc"
