// The database a store/query test runs on: a fresh SQLite file per test, or (built with
// GANTRY_TEST_POSTGRES) a fresh database on a PostgreSQL server the test process starts.
#pragma once

#include "audit/auditstore.h"
#include "postgresserver.h"
#include "store/database.h"

#include <QTemporaryDir>
#include <QTest>

namespace gantry {

class AuditTestBackend final
{
public:
#ifdef GANTRY_TEST_POSTGRES
    static constexpr bool kPostgres = true;
#else
    static constexpr bool kPostgres = false;
#endif

    // For initTestCase: starts PostgreSQL when needed; returns "" or why the tests must skip
    // (starting with "needs:") or fail.
    QString setUp()
    {
        if (!kPostgres)
            return {};
        const QString missing = PostgresServer::missing();
        if (!missing.isEmpty())
            return missing;
        QString why;
        if (!m_server.start(&why))
            return QStringLiteral("cannot start PostgreSQL: ") + why;
        return {};
    }
    void tearDown()
    {
        m_server.stop();
    }

    // A new, empty database: its target (SQLite path or PostgreSQL URL) and the handle.
    std::unique_ptr<Database> create(QString *target, QString *error)
    {
        if (kPostgres) {
            const QUrl url = m_server.createDatabase(error);
            if (url.isEmpty())
                return nullptr;
            *target = url.toString();
            return Database::openPostgres(url, error);
        }
        *target = m_dir.filePath(QStringLiteral("audit-%1.db").arg(++m_count));
        return Database::openSqlite(*target, error);
    }
    static std::unique_ptr<Database> reopen(const QString &target, QString *error)
    {
        if (target.startsWith(QLatin1String("postgres")))
            return Database::openPostgres(QUrl(target), error);
        return Database::openSqlite(target, error);
    }

private:
    PostgresServer m_server;
    QTemporaryDir m_dir;
    int m_count = 0;
};

} // namespace gantry

// In initTestCase: skips when PostgreSQL is missing, fails when it does not start.
#define GANTRY_AUDIT_BACKEND_SETUP(backend)                                                        \
    do {                                                                                           \
        const QString why_ = (backend).setUp();                                                    \
        if (why_.startsWith(QLatin1String("needs:")))                                              \
            QSKIP(qPrintable(why_)); /* why_ starts with needs: */                                 \
        QVERIFY2(why_.isEmpty(), qPrintable(why_));                                                \
    } while (false)
