#include "atomicfile.h"
#include "handshake.h"

#include <QTemporaryDir>
#include <QTest>

using namespace gantry;

class TestHandshake final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        const Handshake h{"http://127.0.0.1:4242", "secret-token-123456", 77, {}};
        QCOMPARE(AtomicFile::write(Handshake::pathIn(dir.path()), h.toJson()), QString());
        QString why;
        const auto back = Handshake::read(dir.path(), &why);
        QVERIFY2(back, qPrintable(why));
        QCOMPARE(back->address, h.address);
        QCOMPARE(back->token, h.token);
        QCOMPARE(back->pid, 77);
    }
    void missingFileSaysWhich()
    {
        QTemporaryDir dir;
        QString why;
        QVERIFY(!Handshake::read(dir.path(), &why));
        QVERIFY2(why.contains("gantryd.json"), qPrintable(why));
    }
    void badContentNamesTheField_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{{{") << "not a JSON object";
        QTest::newRow("no port") << QByteArray("{\"address\":\"http://127.0.0.1\",\"token\":\"t\"}")
                                 << "\"address\"";
        QTest::newRow("ftp") << QByteArray("{\"address\":\"ftp://h:1\",\"token\":\"t\"}")
                             << "\"address\"";
        QTest::newRow("no token") << QByteArray("{\"address\":\"http://127.0.0.1:1\"}")
                                  << "\"token\"";
    }
    void badContentNamesTheField()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QCOMPARE(AtomicFile::write(Handshake::pathIn(dir.path()), content), QString());
        QString why;
        QVERIFY(!Handshake::read(dir.path(), &why));
        QVERIFY2(why.contains(expected), qPrintable(why));
    }
    void defaultDataDirEndsInGantry() { QVERIFY(Handshake::defaultDataDir().endsWith("/gantry")); }
};

QTEST_GUILESS_MAIN(TestHandshake)
#include "tst_handshake.moc"
