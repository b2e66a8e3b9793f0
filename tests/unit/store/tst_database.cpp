#include "store/database.h"

#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <sys/stat.h>

using namespace gantry;

class TestDatabase final : public QObject
{
    Q_OBJECT
    static QList<Database::Migration> migrations()
    {
        return {
            {1, "items", {"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"}, {}},
            {2,
             "items.size",
             {"ALTER TABLE items ADD COLUMN size INTEGER NOT NULL DEFAULT 0"},
             {}}};
    }

private Q_SLOTS:
    void createsAPrivateWalDatabase()
    {
        QTemporaryDir tmp;
        QString why;
        auto db = Database::openSqlite(tmp.filePath("g.db"), &why);
        QVERIFY2(db, qPrintable(why));
        struct stat st
        {};
        QCOMPARE(::stat(QFile::encodeName(tmp.filePath("g.db")).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        QSqlQuery q(db->connection());
        QVERIFY(q.exec("PRAGMA journal_mode"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), "wal");
        // 16 KiB pages for a new database (the audit log's ingest rate, tests/bench/README.md).
        QVERIFY(q.exec("PRAGMA page_size"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 16384);
    }
    void migrationsApplyOnceInOrder()
    {
        QTemporaryDir tmp;
        QString why;
        auto db = Database::openSqlite(tmp.filePath("g.db"), &why);
        QCOMPARE(db->migrate("test", migrations()), QString());
        QCOMPARE(db->schemaVersion("test"), 2);
        QCOMPARE(db->migrate("test", migrations()), QString()); // idempotent
        QSqlQuery q(db->connection());
        QVERIFY(q.exec("INSERT INTO items (name, size) VALUES ('a', 3)"));
        // Reopen: the version is remembered.
        db.reset();
        db = Database::openSqlite(tmp.filePath("g.db"), &why);
        QCOMPARE(db->schemaVersion("test"), 2);
        QCOMPARE(db->schemaVersion("other"), 0);
    }
    void aFailingMigrationKeepsNothingAndSaysWhich()
    {
        QTemporaryDir tmp;
        QString why;
        auto db = Database::openSqlite(tmp.filePath("g.db"), &why);
        QList<Database::Migration> bad = migrations();
        bad.append({3, "broken", {"CREATE TABLE extra (x INTEGER)", "THIS IS NOT SQL"}, {}});
        const QString error = db->migrate("test", bad);
        QVERIFY2(error.contains("test migration 3 (broken) failed"), qPrintable(error));
        QCOMPARE(db->schemaVersion("test"), 2);
        QSqlQuery q(db->connection());
        QVERIFY(!q.exec("SELECT * FROM extra")); // rolled back with its migration
    }
    void misnumberedMigrationsAreRefused()
    {
        QTemporaryDir tmp;
        QString why;
        auto db = Database::openSqlite(tmp.filePath("g.db"), &why);
        const QString error = db->migrate("test", {{2, "x", {"SELECT 1"}, {}}});
        QVERIFY(error.contains("numbered"));
    }
    void eachThreadGetsItsOwnConnection()
    {
        QTemporaryDir tmp;
        QString why;
        auto db = Database::openSqlite(tmp.filePath("g.db"), &why);
        QCOMPARE(db->migrate("test", migrations()), QString());
        const QString main = db->connection().connectionName();
        const auto future = QtConcurrent::run([&db] {
            QSqlQuery q(db->connection());
            const bool ok = q.exec("INSERT INTO items (name) VALUES ('from a worker')");
            return std::make_pair(ok, db->connection().connectionName());
        });
        const auto [ok, name] = future.result();
        QVERIFY(ok);
        QVERIFY(name != main);
        QSqlQuery q(db->connection());
        QVERIFY(q.exec("SELECT COUNT(*) FROM items"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }
    void threadsThatEndLeaveNoStaleConnection()
    {
        // Thread ids are reused: a new thread must never get the connection of one that ended.
        QTemporaryDir tmp;
        QString why;
        auto db = Database::openSqlite(tmp.filePath("g.db"), &why);
        QCOMPARE(db->migrate("test", migrations()), QString());
        for (int i = 0; i < 20; ++i) {
            bool ok = false;
            QThread *t = QThread::create([&] {
                QSqlQuery q(db->connection());
                ok = q.exec("INSERT INTO items (name) VALUES ('x')");
            });
            t->start();
            t->wait();
            delete t;
            QVERIFY2(ok, "a thread could not use its connection");
        }
        QSqlQuery q(db->connection());
        QVERIFY(q.exec("SELECT COUNT(*) FROM items"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 20);
    }
    void badPostgresUrlSaysTheForm()
    {
        QString why;
        QVERIFY(!Database::openPostgres(QUrl("mysql://h/db"), &why));
        QVERIFY(why.contains("postgresql://USER:PASSWORD@HOST:PORT/DBNAME"));
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
