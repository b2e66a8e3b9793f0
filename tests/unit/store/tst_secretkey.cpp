#include "store/secretkey.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace gantry;

class TestSecretKey final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hexForm()
    {
        QString why;
        const QByteArray hex(64, 'a');
        const auto key = SecretKey::fromHex(hex + "\n", &why);
        QVERIFY(key);
        QCOMPARE(key->bytes().size(), 32);
        QCOMPARE(key->toHex(), hex);
        QVERIFY(!SecretKey::fromHex(QByteArray(63, 'a'), &why));
        QVERIFY(why.contains("64 hex digits"));
        QVERIFY(!SecretKey::fromHex(QByteArray(64, 'g'), &why));
    }
    void createdOnceWithMode0600ThenReused()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("secret.key");
        QString why;
        const auto first = SecretKey::loadOrCreate(path, &why);
        QVERIFY2(first, qPrintable(why));
        struct stat st
        {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 07777), 0600);
        const auto second = SecretKey::loadOrCreate(path, &why);
        QVERIFY(second);
        QCOMPARE(second->bytes(), first->bytes());
    }
    void refusesAKeyFileOthersCanRead()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("secret.key");
        QString why;
        QVERIFY(SecretKey::loadOrCreate(path, &why));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
        QVERIFY(!SecretKey::loadOrCreate(path, &why));
        QVERIFY2(why.contains("0600"), qPrintable(why));
    }
    void corruptKeyFileSaysWhere()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("secret.key");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("nonsense");
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        QString why;
        QVERIFY(!SecretKey::loadOrCreate(path, &why));
        QVERIFY2(why.contains(path), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestSecretKey)
#include "tst_secretkey.moc"
