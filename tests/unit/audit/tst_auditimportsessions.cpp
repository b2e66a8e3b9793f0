// AuditImportSessions through the router on a real SQLite store: idle sessions expire (their
// staged rows never stored), at most kMaxSessions are open, and an expired session answers 404.
#include "api/router.h"
#include "api/tokenauth.h"
#include "audit/auditimportsessions.h"
#include "audit/auditstore.h"
#include "store/database.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace gantry;

class TestAuditImportSessions final : public QObject
{
    Q_OBJECT
    static constexpr char kToken[] = "token-0123456789abcdef";

    QTemporaryDir m_tmp;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AuditStore> m_store;
    std::unique_ptr<AuditImportSessions> m_sessions;
    std::unique_ptr<Router> m_router;

    ApiResponse call(const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        ApiRequest r;
        r.method = method;
        r.path = path.section('?', 0, 0);
        r.query = QUrlQuery(path.section('?', 1));
        r.remoteAddress = QHostAddress("127.0.0.1");
        r.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        r.headers.insert("authorization", QByteArray("Bearer ") + kToken);
        r.body = body;
        return m_router->handle(r);
    }
    static QJsonObject json(const ApiResponse &r)
    {
        return QJsonDocument::fromJson(r.body).object();
    }
    qint64 stored()
    {
        AuditQuery q;
        q.setAction(QStringLiteral("context.create"));
        QString why;
        return m_store->count(q, &why)->first;
    }
    static QByteArray csv()
    {
        return "action,actor,target,payload,occurred_at,metadata,id,version,scope,success,"
               "request\r\ncontext.create,{},{},{},2026-01-01T00:00:00Z,{}," +
               QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ",1,{},true,{}\r\n";
    }

private Q_SLOTS:
    void init()
    {
        QString why;
        m_db =
            Database::openSqlite(m_tmp.filePath(QUuid::createUuid().toString(QUuid::Id128)), &why);
        QVERIFY2(m_db, qPrintable(why));
        m_store = AuditStore::open(m_db.get(), &why);
        QVERIFY2(m_store, qPrintable(why));
        m_sessions = std::make_unique<AuditImportSessions>(*m_store, std::chrono::seconds(1));
        m_router = std::make_unique<Router>(std::make_shared<TokenAuth>(kToken));
        m_sessions->install(*m_router);
    }
    void cleanup()
    {
        m_router.reset();
        m_sessions.reset();
        m_store.reset();
        m_db.reset();
    }

    void idleSessionsExpireWithoutStoring()
    {
        const ApiResponse created = call("POST", "/v1/audit/import-sessions");
        QCOMPARE(created.status, 201);
        QCOMPARE(json(created)["idle_timeout_seconds"].toInt(), 1);
        const QString base = "/v1/audit/import-sessions/" + json(created)["id"].toString();
        QCOMPARE(call("PUT", base + "/chunks/0", csv()).status, 200);
        QCOMPARE(m_sessions->count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(m_sessions->count(), 0, 10000);
        QCOMPARE(call("PUT", base + "/chunks/1", csv()).status, 404);
        const ApiResponse commit = call("POST", base + "/commit");
        QCOMPARE(commit.status, 404);
        QVERIFY(commit.body.contains("expired"));
        QCOMPARE(stored(), 0);
    }
    void atMostFourOpenSessions()
    {
        QStringList ids;
        for (int i = 0; i < AuditImportSessions::kMaxSessions; ++i) {
            const ApiResponse r = call("POST", "/v1/audit/import-sessions?skip_bad=true");
            QCOMPARE(r.status, 201);
            QCOMPARE(json(r)["skip_bad"].toBool(), true);
            ids << json(r)["id"].toString();
        }
        const ApiResponse refused = call("POST", "/v1/audit/import-sessions");
        QCOMPARE(refused.status, 429);
        QVERIFY(refused.body.contains("too_many_import_sessions"));
        QCOMPARE(call("DELETE", "/v1/audit/import-sessions/" + ids[0]).status, 200);
        QCOMPARE(call("POST", "/v1/audit/import-sessions").status, 201);
    }
    void commitStoresAndAudits()
    {
        const QString base = "/v1/audit/import-sessions/" +
                             json(call("POST", "/v1/audit/import-sessions"))["id"].toString();
        QCOMPARE(call("PUT", base + "/chunks/0", csv()).status, 200);
        QCOMPARE(call("PUT", base + "/chunks/1", csv().mid(csv().indexOf('\n') + 1)).status, 200);
        const ApiResponse done = call("POST", base + "/commit");
        QCOMPARE(done.status, 200);
        QCOMPARE(json(done)["imported"].toInt(), 2);
        QCOMPARE(stored(), 2);
        AuditQuery q;
        q.setAction(QStringLiteral("audit_log.import"));
        QString why;
        const auto page = m_store->query(q, &why);
        QVERIFY2(page, qPrintable(why));
        QCOMPARE(page->events.size(), 1);
        QCOMPARE(page->events[0].payload["chunks"].toInt(), 2);
        QCOMPARE(page->events[0].payload["session"].toString(), base.section('/', -1));
    }
};

QTEST_GUILESS_MAIN(TestAuditImportSessions)
#include "tst_auditimportsessions.moc"
