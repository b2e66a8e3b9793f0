#include "auth/sessionstore.h"
#include "auth/userstore.h"
#include "store/database.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace gantry;

class TestUserStore final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::unique_ptr<Database> m_db;

private Q_SLOTS:
    void init()
    {
        QFile::remove(m_tmp.filePath("g.db"));
        QString why;
        m_db = Database::openSqlite(m_tmp.filePath("g.db"), &why);
        QVERIFY2(m_db, qPrintable(why));
        QCOMPARE(UserStore(*m_db).migrate(), QString());
        QCOMPARE(SessionStore(*m_db).migrate(), QString());
    }
    void cleanup() { m_db.reset(); }

    void firstUserIsAdminLaterOnesViewers()
    {
        UserStore users(*m_db);
        QString why;
        const auto ada = users.recordLogin("ada", &why);
        QVERIFY2(ada, qPrintable(why));
        QVERIFY(ada->created);
        QVERIFY(ada->user.admin);
        const auto bob = users.recordLogin("bob", &why);
        QVERIFY(bob->created);
        QVERIFY(!bob->user.admin);
        const auto again = users.recordLogin("ada", &why);
        QVERIFY(!again->created);
        QCOMPARE(again->user.id, ada->user.id);
        QVERIFY(!again->user.lastLoginAt.isEmpty());
        QCOMPARE(users.list().size(), 2);
    }
    void promoteAndNeverDemoteTheLastAdmin()
    {
        UserStore users(*m_db);
        QString why;
        const auto ada = users.recordLogin("ada", &why);
        const auto bob = users.recordLogin("bob", &why);
        QVERIFY(users.setAdmin(ada->user.id, false).contains("last admin"));
        QCOMPARE(users.setAdmin(bob->user.id, true), QString());
        QCOMPARE(users.setAdmin(ada->user.id, false), QString());
        QVERIFY(!users.find(ada->user.id)->admin);
        QVERIFY(users.setAdmin("nope", true).contains("no user"));
    }
    void sessionsExpireAndRevoke()
    {
        SessionStore sessions(*m_db);
        QString why;
        const auto s = sessions.create("u1", 60, &why);
        QVERIFY2(s, qPrintable(why));
        QVERIFY(s->token.size() >= 43);
        QCOMPARE(sessions.lookup(s->token)->userId, "u1");
        QVERIFY(!sessions.lookup(s->token + "x"));
        sessions.revoke(s->token);
        QVERIFY(!sessions.lookup(s->token));
        const auto old = sessions.create("u1", -1, &why); // already expired
        QVERIFY(!sessions.lookup(old->token));
        QCOMPARE(sessions.purgeExpired(), 1);
    }
    void tokensAreNotStoredInPlaintext()
    {
        SessionStore sessions(*m_db);
        QString why;
        const auto s = sessions.create("u1", 60, &why);
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec("SELECT token_hash FROM sessions"));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toByteArray() != s->token);
        QFile file(m_tmp.filePath("g.db"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(s->token));
    }
};

QTEST_GUILESS_MAIN(TestUserStore)
#include "tst_userstore.moc"
