// storage.database_url through a real gantryd and a real PostgreSQL started by the test: once
// applied, the next gantryd keeps its audit log in PostgreSQL (seen through GET /v1/audit and in
// PostgreSQL itself, and no longer in the SQLite file); a URL that cannot be used stops gantryd
// with exit code 4 and a message naming the setting, and --ignore-database-url lets an admin
// correct it.
#include "gantrydprocess.h"
#include "handshake.h"
#include "postgresserver.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>

using gantry::PostgresServer;

class TestAuditDatabaseUrl final : public QObject
{
    Q_OBJECT

    static QByteArray token(const GantrydProcess &d)
    {
        return gantry::Handshake::read(d.dataDir())->token.toLatin1();
    }
    static HttpAnswer api(const GantrydProcess &d, const QByteArray &method, const QString &path,
                          const QByteArray &body = {})
    {
        return GantrydProcess::request(d.address() + path, method, token(d), body);
    }
    static QByteArray draft(const QByteArray &hostname, const QByteArray &databaseUrl)
    {
        return "general:\n  hostname: " + hostname + "\nlicense:\n  agreed: true\nstorage:\n" +
               "  database_url: " + databaseUrl + "\n";
    }
    static bool applyDraft(const GantrydProcess &d, const QByteArray &yaml)
    {
        const HttpAnswer staged = api(d, "PUT", "/v1/settings", yaml);
        if (staged.status != 200) {
            qWarning() << "stage:" << staged.status << staged.body;
            return false;
        }
        const HttpAnswer applied = api(d, "POST", "/v1/settings/apply");
        if (applied.status != 200)
            qWarning() << "apply:" << applied.status << applied.body;
        return applied.status == 200;
    }
    // The ids of the stored events with `action`, through the API.
    static QStringList apiIds(const GantrydProcess &d, const QString &action)
    {
        QUrlQuery q;
        q.addQueryItem("action", action);
        q.addQueryItem("limit", "1000");
        const HttpAnswer a = api(d, "GET", "/v1/audit?" + q.toString(QUrl::FullyEncoded));
        QStringList ids;
        for (const QJsonValue &e : a.json()["events"].toArray())
            ids << e.toObject()["id"].toString();
        return ids;
    }
    // The ids of the events with `action` read straight from a database (QPSQL or QSQLITE).
    static QStringList databaseIds(const QString &driver, const QUrl &url, const QString &file,
                                   const QString &action)
    {
        const QString name = QUuid::createUuid().toString();
        QStringList ids;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(driver, name);
            if (driver == "QPSQL") {
                db.setHostName(url.host());
                db.setPort(url.port());
                db.setUserName(url.userName());
                db.setDatabaseName(url.path().mid(1));
            } else {
                db.setDatabaseName(file);
            }
            if (db.open()) {
                QSqlQuery q(db);
                q.prepare("SELECT id FROM audit_events WHERE action = ?");
                q.addBindValue(action);
                if (q.exec())
                    while (q.next())
                        ids << q.value(0).toString();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return ids;
    }
    static int freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort(); // closed again when probe goes: nothing listens there
    }

    PostgresServer m_server;

private Q_SLOTS:
    void initTestCase()
    {
        const QString missing = PostgresServer::missing();
        if (!missing.isEmpty())
            QSKIP(qPrintable(missing)); // the message starts with "needs:"
        QString why;
        QVERIFY2(m_server.start(&why), qPrintable(why));
    }
    void cleanupTestCase() { m_server.stop(); }

    void auditLogMovesToPostgresAtTheNextStart()
    {
        QString why;
        const QUrl url = m_server.createDatabase(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        QTemporaryDir tmp;
        const QString dataDir = tmp.filePath("data");
        {
            GantrydProcess d(dataDir);
            QVERIFY(d.start({"--fleet", "local:1"}));
            QVERIFY(applyDraft(d, draft("ci.example.com", url.toString().toUtf8())));
            // Applied, but this gantryd keeps the store it started with.
            QCOMPARE(apiIds(d, "settings.update").size(), 1);
            d.process().terminate();
            QVERIFY(d.waitExited());
        }
        GantrydProcess d(dataDir);
        QVERIFY(d.start({"--fleet", "local:1"}));
        QVERIFY2(d.process().readAllStandardError().contains("audit log in PostgreSQL"),
                 "gantryd says where its audit log is");
        // Audited actions on the restarted gantryd: a settings change and a view.
        QVERIFY(applyDraft(d, draft("ci2.example.com", "{set: true}")));
        QCOMPARE(api(d, "GET", "/v1/audit").status, 200);

        const QStringList updates = apiIds(d, "settings.update");
        QCOMPARE(updates.size(), 1); // the new store holds only what happened after the switch
        const QStringList inPostgres = databaseIds("QPSQL", url, {}, "settings.update");
        QCOMPARE(inPostgres, updates);
        QVERIFY(!databaseIds("QPSQL", url, {}, "audit_log.view").isEmpty());
        // And nothing of it went to the SQLite file, which still has the first apply.
        const QStringList inSqlite =
            databaseIds("QSQLITE", {}, dataDir + "/gantry.db", "settings.update");
        QCOMPARE(inSqlite.size(), 1);
        QVERIFY(!inSqlite.contains(updates.first()));
        // The setting itself stays applied (kept, not echoed).
        const QJsonObject settings = api(d, "GET", "/v1/settings").json()["settings"].toObject();
        QCOMPARE(settings["storage"]["database_url"]["set"], QJsonValue(true));
    }

    void unusableUrlStopsGantrydUntilCorrected()
    {
        QTemporaryDir tmp;
        const QString dataDir = tmp.filePath("data");
        const QByteArray password = "pw-" + QUuid::createUuid().toByteArray(QUuid::Id128);
        const QByteArray unreachable = "postgresql://gantry:" + password +
                                       "@127.0.0.1:" + QByteArray::number(freePort()) + "/audit";
        {
            GantrydProcess d(dataDir);
            QVERIFY(d.start({"--fleet", "local:1"}));
            QVERIFY(applyDraft(d, draft("ci.example.com", unreachable)));
            d.process().terminate();
            QVERIFY(d.waitExited());
        }
        {
            GantrydProcess d(dataDir);
            QVERIFY(!d.start({"--fleet", "local:1"}));
            QVERIFY(d.waitExited(20000));
            QCOMPARE(d.process().exitCode(), 4);
            const QByteArray err = d.process().readAllStandardError();
            QVERIFY2(err.contains("storage.database_url") && err.contains("127.0.0.1"),
                     err.constData());
            QVERIFY2(err.contains("--ignore-database-url"), err.constData());
            QVERIFY2(!err.contains(password), "the password never appears in the message");
            QVERIFY(!QFile::exists(dataDir + "/gantryd.json"));
        }
        {
            // The way out: start on the SQLite log, clear the setting, restart normally.
            GantrydProcess d(dataDir);
            QVERIFY(d.start({"--fleet", "local:1", "--ignore-database-url"}));
            QVERIFY(d.process().readAllStandardError().contains("--ignore-database-url"));
            QVERIFY(applyDraft(d, draft("ci.example.com", "null")));
            d.process().terminate();
            QVERIFY(d.waitExited());
        }
        GantrydProcess d(dataDir);
        QVERIFY(d.start({"--fleet", "local:1"}));
        QCOMPARE(apiIds(d, "settings.update").size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestAuditDatabaseUrl)
#include "tst_auditdatabaseurl.moc"
