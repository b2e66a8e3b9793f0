#include "fleetstore.h"

#include "store/database.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace gantry {

namespace {

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject parse(const QVariant &v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

} // namespace

FleetStore::FleetStore(Database &database)
    : m_db(database)
{}

QString FleetStore::migrate()
{
    return m_db.migrate(
        QStringLiteral("fleet"),
        {{1,
          QStringLiteral("runs, jobs, allocations, nodes"),
          {QStringLiteral("CREATE TABLE fleet_runs (id TEXT PRIMARY KEY, workflow TEXT NOT NULL, "
                          "checkout_dir TEXT NOT NULL, priority INTEGER NOT NULL, config TEXT NOT "
                          "NULL, submitted_at BIGINT NOT NULL)"),
           QStringLiteral("CREATE TABLE fleet_jobs (id TEXT PRIMARY KEY, run_id TEXT NOT NULL, "
                          "status TEXT NOT NULL, submitted_at BIGINT NOT NULL, finished_at BIGINT, "
                          "json TEXT NOT NULL)"),
           QStringLiteral("CREATE INDEX fleet_jobs_submitted ON fleet_jobs (submitted_at)"),
           QStringLiteral("CREATE TABLE fleet_allocations (id TEXT PRIMARY KEY, job_id TEXT NOT "
                          "NULL, json TEXT NOT NULL)"),
           QStringLiteral("CREATE INDEX fleet_allocations_job ON fleet_allocations (job_id)"),
           QStringLiteral("CREATE TABLE fleet_nodes (id TEXT PRIMARY KEY, json TEXT NOT NULL)")},
          {}},
         {2,
          QStringLiteral("fleet id"),
          {QStringLiteral("CREATE TABLE fleet_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")},
          {}}});
}

std::optional<FleetStore::Loaded> FleetStore::load(QString *error) const
{
    Loaded loaded;
    QSqlQuery q(m_db.connection());
    auto fail = [&](const QString &what) -> std::optional<Loaded> {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(what, q.lastError().text());
        return std::nullopt;
    };
    if (!q.exec(QStringLiteral("SELECT id, workflow, checkout_dir, priority, config FROM "
                               "fleet_runs ORDER BY submitted_at")))
        return fail(QStringLiteral("workflow runs"));
    while (q.next())
        loaded.runs.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                            q.value(3).toInt(), q.value(4).toString().toUtf8()});
    if (!q.exec(QStringLiteral("SELECT json FROM fleet_jobs ORDER BY submitted_at")))
        return fail(QStringLiteral("jobs"));
    while (q.next())
        if (const auto job = Job::fromJson(parse(q.value(0))))
            loaded.jobs.append(*job);
    if (!q.exec(QStringLiteral("SELECT json FROM fleet_allocations")))
        return fail(QStringLiteral("allocations"));
    while (q.next())
        if (const auto alloc = Allocation::fromJson(parse(q.value(0))))
            loaded.allocations.append(*alloc);
    if (!q.exec(QStringLiteral("SELECT json FROM fleet_nodes")))
        return fail(QStringLiteral("nodes"));
    while (q.next())
        if (const auto node = Node::fromJson(parse(q.value(0))))
            loaded.nodes.append(*node);
    return loaded;
}

std::optional<QString> FleetStore::fleetId(QString *error) const
{
    QSqlQuery q(m_db.connection());
    auto fail = [&]() -> std::optional<QString> {
        if (error)
            *error = QStringLiteral("cannot read the fleet id: %1").arg(q.lastError().text());
        return std::nullopt;
    };
    if (!q.exec(QStringLiteral("SELECT value FROM fleet_meta WHERE key = 'fleet_id'")))
        return fail();
    if (q.next())
        return q.value(0).toString();
    const QString id = FleetSpec::newFleetId();
    q.prepare(QStringLiteral("INSERT INTO fleet_meta (key, value) VALUES ('fleet_id', ?)"));
    q.addBindValue(id);
    if (!q.exec())
        return fail();
    return id;
}

QString FleetStore::removeNodes(const QStringList &nodeIds) const
{
    QSqlDatabase db = m_db.connection();
    if (!db.transaction())
        return db.lastError().text();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM fleet_nodes WHERE id = ?"));
    for (const QString &id : nodeIds) {
        q.bindValue(0, id);
        if (!q.exec()) {
            const QString why = q.lastError().text();
            db.rollback();
            return why;
        }
    }
    return db.commit() ? QString() : db.lastError().text();
}

QString FleetStore::saveRun(const LocalFleet::StoredRun &run)
{
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("INSERT INTO fleet_runs (id, workflow, checkout_dir, priority, config, "
                       "submitted_at) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(run.id);
    q.addBindValue(run.workflow);
    q.addBindValue(run.checkoutDir.isNull() ? QStringLiteral("")
                                            : run.checkoutDir); // null binds as NULL
    q.addBindValue(run.priority);
    q.addBindValue(QString::fromUtf8(run.config));
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    return q.exec() ? QString() : q.lastError().text();
}

QString FleetStore::save(const Scheduler &scheduler, const SchedulerChanges &changes)
{
    QSqlDatabase db = m_db.connection();
    if (!db.transaction())
        return db.lastError().text();
    QSqlQuery q(db);
    auto fail = [&] {
        const QString why = q.lastError().text();
        db.rollback();
        return why;
    };
    const bool sqlite = m_db.kind() == Database::Kind::Sqlite;
    const QString upsert =
        sqlite ? QStringLiteral("INSERT OR REPLACE INTO ") : QStringLiteral("INSERT INTO ");
    for (const QString &id : changes.jobs) {
        const auto job = scheduler.job(id);
        if (!job)
            continue;
        q.prepare(upsert +
                  QStringLiteral("fleet_jobs (id, run_id, status, submitted_at, "
                                 "finished_at, json) VALUES (?, ?, ?, ?, ?, ?)") +
                  (sqlite ? QString()
                          : QStringLiteral(" ON CONFLICT (id) DO UPDATE SET status = "
                                           "excluded.status, finished_at = excluded.finished_at, "
                                           "json = excluded.json")));
        q.addBindValue(job->id);
        q.addBindValue(job->workflowRunId);
        q.addBindValue(toApiString(job->status));
        q.addBindValue(job->submittedAt.toMSecsSinceEpoch());
        q.addBindValue(job->finishedAt.isValid() ? QVariant(job->finishedAt.toMSecsSinceEpoch())
                                                 : QVariant());
        q.addBindValue(compact(job->toJson()));
        if (!q.exec())
            return fail();
    }
    for (const QString &id : changes.allocations) {
        const auto alloc = scheduler.allocation(id);
        if (!alloc)
            continue;
        q.prepare(upsert + QStringLiteral("fleet_allocations (id, job_id, json) VALUES (?, ?, ?)") +
                  (sqlite
                       ? QString()
                       : QStringLiteral(" ON CONFLICT (id) DO UPDATE SET json = excluded.json")));
        q.addBindValue(alloc->id);
        q.addBindValue(alloc->jobId);
        q.addBindValue(compact(alloc->toJson()));
        if (!q.exec())
            return fail();
    }
    for (const QString &id : changes.nodes) {
        const auto node = scheduler.node(id);
        if (!node) {
            q.prepare(QStringLiteral("DELETE FROM fleet_nodes WHERE id = ?"));
            q.addBindValue(id);
        } else {
            q.prepare(
                upsert + QStringLiteral("fleet_nodes (id, json) VALUES (?, ?)") +
                (sqlite ? QString()
                        : QStringLiteral(" ON CONFLICT (id) DO UPDATE SET json = excluded.json")));
            q.addBindValue(id);
            q.addBindValue(compact(node->toJson()));
        }
        if (!q.exec())
            return fail();
    }
    return db.commit() ? QString() : db.lastError().text();
}

QStringList FleetStore::expiredJobs(qint64 maxAgeDays, int maxJobs) const
{
    QSqlQuery q(m_db.connection());
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - maxAgeDays * 86400 * 1000;
    q.prepare(
        QStringLiteral("SELECT id FROM fleet_jobs WHERE status = 'dead' AND (submitted_at < ? "
                       "OR id NOT IN (SELECT id FROM fleet_jobs ORDER BY submitted_at DESC "
                       "LIMIT ?)) ORDER BY submitted_at"));
    q.addBindValue(cutoff);
    q.addBindValue(maxJobs);
    QStringList jobs;
    if (q.exec())
        while (q.next())
            jobs << q.value(0).toString();
    return jobs;
}

std::optional<QStringList> FleetStore::removeJobs(const QStringList &jobIds, QString *error) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    auto fail = [&](const QString &why) -> std::optional<QStringList> {
        db.rollback();
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!db.transaction())
        return fail(db.lastError().text());
    QStringList allocations;
    for (const QString &job : jobIds) {
        q.prepare(QStringLiteral("SELECT id FROM fleet_allocations WHERE job_id = ?"));
        q.addBindValue(job);
        if (!q.exec())
            return fail(q.lastError().text());
        while (q.next())
            allocations << q.value(0).toString();
        for (const char *sql : {"DELETE FROM fleet_allocations WHERE job_id = ?",
                                "DELETE FROM fleet_jobs WHERE id = ?"}) {
            q.prepare(QString::fromLatin1(sql));
            q.addBindValue(job);
            if (!q.exec())
                return fail(q.lastError().text());
        }
    }
    // Runs with no job left go too.
    if (!q.exec(QStringLiteral(
            "DELETE FROM fleet_runs WHERE id NOT IN (SELECT run_id FROM fleet_jobs)")))
        return fail(q.lastError().text());
    if (!db.commit())
        return fail(db.lastError().text());
    return allocations;
}

} // namespace gantry
