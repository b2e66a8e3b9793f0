// The Jobs table: every job gantryd reported (GET /v1/jobs and Job events) kept by id, with the
// rows narrowed by a status filter (a plain predicate, as qBittorrent's TorrentFilter), so the
// dashboard still sees all jobs while the table shows only, say, the failed ones.
#pragma once

#include "livetablemodel.h"

namespace gantry {

class JobsModel final : public LiveTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobsModel)
public:
    // Status filters: "" (all), "queued" (pending, not on hold), "on_hold", "running", "dead",
    // "failed" (dead with outcome failed or lost).
    static QStringList statusFilters();
    static QString statusFilterLabel(const QString &filter);
    static bool matches(const QJsonObject &job, const QString &filter);

    explicit JobsModel(QObject *parent = nullptr);

    // Queued like upsert/remove: rows change at the next flush.
    void setJob(const QJsonObject &job);
    void removeJob(const QString &id);
    void replaceJobs(const QList<QJsonObject> &jobs);
    QJsonObject job(const QString &id) const { return m_all.value(id); }
    const QHash<QString, QJsonObject> &allJobs() const { return m_all; }

    void setStatusFilter(const QString &filter);
    QString statusFilter() const { return m_filter; }

    // Field "node_names" (added by the feed from allocations) as one cell.
    static QString nodesText(const QJsonObject &job);
    // Seconds from submission to start; while still queued, the wait so far.
    static double queueSeconds(const QJsonObject &job, const QDateTime &now);
    // Seconds from start to finish, or to now while running; -1 when not started.
    static double durationSeconds(const QJsonObject &job, const QDateTime &now);
    static QString statusText(const QJsonObject &job);

private:
    static QList<Column> makeColumns();

    QHash<QString, QJsonObject> m_all;
    QString m_filter;
};

} // namespace gantry
