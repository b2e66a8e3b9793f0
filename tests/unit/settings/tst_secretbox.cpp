#include "settings/secretbox.h"

#include <QSet>
#include <QTest>

using namespace gantry;

class TestSecretBox final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        const SecretBox box(SecretKey::generate());
        for (const QByteArray &plain :
             {QByteArray(), QByteArray("s3cret"), QByteArray(5000, 'x'), QByteArray("\0\1\2", 3)}) {
            const QByteArray sealed = box.seal(plain, "ldap.search_password");
            QVERIFY(sealed.startsWith("v1:"));
            QVERIFY(!plain.size() || !sealed.contains(plain));
            QString why;
            const auto opened = box.open(sealed, "ldap.search_password", &why);
            QVERIFY2(opened, qPrintable(why));
            QCOMPARE(*opened, plain);
        }
    }

    void freshNoncePerValue()
    {
        const SecretBox box(SecretKey::generate());
        QSet<QByteArray> nonces;
        for (int i = 0; i < 50; ++i) {
            const QByteArray raw = QByteArray::fromBase64(box.seal("same").mid(3));
            QCOMPARE(raw.size(), SecretBox::kNonceBytes + 4 + SecretBox::kTagBytes);
            nonces.insert(raw.left(SecretBox::kNonceBytes));
        }
        QCOMPARE(nonces.size(), 50);
    }

    void tamperingIsDetected()
    {
        const SecretBox box(SecretKey::generate());
        const QByteArray sealed = box.seal("attack at dawn");
        QByteArray raw = QByteArray::fromBase64(sealed.mid(3));
        for (int i = 0; i < raw.size(); ++i) { // nonce, ciphertext and tag alike
            QByteArray t = raw;
            t[i] = char(t[i] ^ 0x01);
            QString why;
            QVERIFY(!box.open("v1:" + t.toBase64(), {}, &why));
            QVERIFY(why.contains("authentication failed"));
        }
        QString why;
        QVERIFY(!box.open("v1:" + raw.left(raw.size() - 1).toBase64(), {}, &why));
        QVERIFY(!box.open("v2:" + raw.toBase64(), {}, &why));
        QVERIFY(why.contains("unknown format"));
        QVERIFY(!box.open("v1:%%%", {}, &why));
        QVERIFY(!box.open("v1:", {}, &why));
    }

    void wrongKeyOrPlaceFails()
    {
        const SecretBox box(SecretKey::generate());
        const SecretBox other(SecretKey::generate());
        const QByteArray sealed = box.seal("s3cret", "a.b");
        QString why;
        QVERIFY(!other.open(sealed, "a.b", &why));
        QVERIFY(why.contains("wrong key"));
        QVERIFY(!box.open(sealed, "c.d", &why)); // moved to another item
        QVERIFY(box.open(sealed, "a.b", &why));
    }
};

QTEST_GUILESS_MAIN(TestSecretBox)
#include "tst_secretbox.moc"
