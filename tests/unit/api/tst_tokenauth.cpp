#include "api/tokenauth.h"

#include <QTest>

using namespace gantry;

class TestTokenAuth final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bearerParsing_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("plain") << QByteArray("Bearer abc") << QByteArray("abc");
        QTest::newRow("case") << QByteArray("bearer abc") << QByteArray("abc");
        QTest::newRow("spaces") << QByteArray("  Bearer   abc  ") << QByteArray("abc");
        QTest::newRow("basic") << QByteArray("Basic abc") << QByteArray();
        QTest::newRow("empty") << QByteArray("Bearer ") << QByteArray();
        QTest::newRow("none") << QByteArray() << QByteArray();
    }
    void bearerParsing()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, token);
        const auto got = TokenAuth::bearerToken(header);
        QCOMPARE(got.value_or(QByteArray()), token);
    }
    void constantTimeEquality()
    {
        QVERIFY(TokenAuth::constantTimeEquals("abc", "abc"));
        QVERIFY(!TokenAuth::constantTimeEquals("abc", "abd"));
        QVERIFY(!TokenAuth::constantTimeEquals("abc", "abcd"));
        QVERIFY(!TokenAuth::constantTimeEquals("abcd", "abc"));
        QVERIFY(!TokenAuth::constantTimeEquals("", "a"));
        QVERIFY(TokenAuth::constantTimeEquals("", ""));
    }
    void authenticate()
    {
        const TokenAuth auth("s3cret-token-value");
        const auto identity = auth.authenticate("Bearer s3cret-token-value");
        QVERIFY(identity);
        QCOMPARE(identity->id, "local-admin");
        QVERIFY(identity->admin);
        QVERIFY(!auth.authenticate("Bearer s3cret-token-valuX"));
        QVERIFY(!auth.authenticate("s3cret-token-value"));
        QVERIFY(!TokenAuth("").authenticate("Bearer "));
    }
    void generatedTokensAreLongAndDistinct()
    {
        const QByteArray a = TokenAuth::generateToken(), b = TokenAuth::generateToken();
        QVERIFY(a.size() >= 43);
        QVERIFY(a != b);
    }
};

QTEST_GUILESS_MAIN(TestTokenAuth)
#include "tst_tokenauth.moc"
