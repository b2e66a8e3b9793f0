// The Jobs table: every job gantryd reported (GET /v1/jobs and Job events) kept by id, with the
// rows narrowed by a status filter (a plain predicate, as qBittorrent's TorrentFilter), so the
// dashboard still sees all jobs while the table shows only, say, the failed ones.
#pragma once

#include "livetablemodel.h"

#include <QSet>
#include <QTimer>

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

    // Queue time of queued jobs and duration of running ones grow with the clock: once a second
    // (while any such row is shown) their two cells are reported changed, so the text ticks and
    // a table sorted by either column keeps them in place. tick() does it now.
    void tick();
    void setClockInterval(int milliseconds) { m_clock.setInterval(milliseconds); }
    int tickingCount() const { return int(m_ticking.size()); }

private:
    static QList<Column> makeColumns();
    static bool isTicking(const QJsonObject &job);
    void track(const QString &id, const QJsonObject &job);

    QHash<QString, QJsonObject> m_all;
    QString m_filter;
    QSet<QString> m_ticking; // ids of the jobs whose queue time or duration grows
    QTimer m_clock;
};

} // namespace gantry
