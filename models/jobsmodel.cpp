#include "jobsmodel.h"

#include "fleetformat.h"

#include <QCborMap>
#include <QCborValue>
#include <QJsonArray>

#include <algorithm>

namespace gantry {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// A job's status as one of the three the table ranks, read without making a QString of it:
// this runs for every job event (ticking) and every status sort key. A QCborMap shares the
// record's container, and its element compares as stored.
enum class Status { Pending, Running, Other };

Status statusOf(const QJsonObject &o)
{
    static const QCborValue pending(QLatin1StringView("pending"));
    static const QCborValue running(QLatin1StringView("running"));
    const auto it = o.constFind(QLatin1StringView("status"));
    if (it == o.constEnd())
        return Status::Other;
    const QCborMap map = QCborMap::fromJsonObject(o);
    const QCborValue status = (map.constBegin() + (it - o.constBegin())).value();
    return status == pending ? Status::Pending
           : status == running ? Status::Running
                               : Status::Other;
}

} // namespace

QStringList JobsModel::statusFilters()
{
    return {QString(),
            QStringLiteral("queued"),
            QStringLiteral("on_hold"),
            QStringLiteral("running"),
            QStringLiteral("dead"),
            QStringLiteral("failed")};
}

QString JobsModel::statusFilterLabel(const QString &filter)
{
    if (filter.isEmpty())
        return tr("All jobs");
    if (filter == QLatin1String("queued"))
        return tr("Queued");
    if (filter == QLatin1String("on_hold"))
        return tr("On hold (approval)");
    if (filter == QLatin1String("running"))
        return tr("Running");
    if (filter == QLatin1String("dead"))
        return tr("Finished");
    if (filter == QLatin1String("failed"))
        return tr("Failed or lost");
    return filter;
}

bool JobsModel::matches(const QJsonObject &job, const QString &filter)
{
    if (filter.isEmpty())
        return true;
    const QString status = str(job, "status");
    const bool onHold = job.value(QLatin1String("on_hold")).toBool();
    if (filter == QLatin1String("queued"))
        return status == QLatin1String("pending") && !onHold;
    if (filter == QLatin1String("on_hold"))
        return status == QLatin1String("pending") && onHold;
    if (filter == QLatin1String("failed")) {
        const QString outcome = str(job, "outcome");
        return status == QLatin1String("dead") &&
               (outcome == QLatin1String("failed") || outcome == QLatin1String("lost"));
    }
    return status == filter;
}

JobsModel::JobsModel(QObject *parent)
    : LiveTableModel(makeColumns(), QStringLiteral("id"), parent)
{
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &JobsModel::tick);
}

bool JobsModel::isTicking(const QJsonObject &job)
{
    const Status status = statusOf(job);
    if (status == Status::Running)
        return true;
    return status == Status::Pending && !job.value(QLatin1String("on_hold")).toBool() &&
           !job.value(QLatin1String("queue_seconds")).isDouble();
}

void JobsModel::track(const QString &id, const QJsonObject &job)
{
    if (isTicking(job))
        m_ticking.insert(id);
    else
        m_ticking.remove(id);
    if (m_ticking.isEmpty())
        m_clock.stop();
    else if (!m_clock.isActive())
        m_clock.start();
}

void JobsModel::tick()
{
    const int first = int(columns().size()) - 2; // queue_time, duration: the last two columns
    std::vector<int> rows;
    rows.reserve(size_t(m_ticking.size()));
    for (const QString &id : std::as_const(m_ticking))
        if (const int row = rowOf(id); row >= 0)
            rows.push_back(row);
    std::sort(rows.begin(), rows.end());
    const QList<int> roles{Qt::DisplayRole, SortRole};
    for (size_t i = 0; i < rows.size();) {
        size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        Q_EMIT dataChanged(index(rows[i], first), index(rows[j], first + 1), roles);
        i = j + 1;
    }
}

void JobsModel::setJob(const QJsonObject &job)
{
    const QString id = str(job, "id");
    if (id.isEmpty())
        return;
    // The id as m_all first stored it: the ticking set and the table's index keep that same
    // string, so their lookups compare against memory the first one just read (three id tables
    // of 50,000 jobs, one string per job).
    const QString key = m_all.insert(id, job).key();
    track(key, job);
    if (matches(job, m_filter))
        upsert(key, job);
    else
        remove(key); // a queued removal of a row that is not there is a no-op
}

void JobsModel::removeJob(const QString &id)
{
    m_all.remove(id);
    track(id, {});
    remove(id);
}

void JobsModel::replaceJobs(const QList<QJsonObject> &jobs)
{
    // Changes still queued were decided under the old state: apply them first, so the diff
    // below has the last word on every row.
    flush();
    m_all.clear();
    m_ticking.clear();
    QList<std::pair<QString, QJsonObject>> shown;
    for (const QJsonObject &job : jobs) {
        const QString id = str(job, "id");
        if (id.isEmpty())
            continue;
        const QString key = m_all.insert(id, job).key(); // one string per job, as in setJob
        track(key, job);
        if (matches(job, m_filter))
            shown.append({key, job});
    }
    if (m_ticking.isEmpty())
        m_clock.stop();
    replaceAll(shown);
}

void JobsModel::setStatusFilter(const QString &filter)
{
    if (filter == m_filter)
        return;
    flush(); // queued changes were filtered with the old filter
    m_filter = filter;
    QList<std::pair<QString, QJsonObject>> shown;
    for (auto it = m_all.cbegin(); it != m_all.cend(); ++it)
        if (matches(*it, m_filter))
            shown.append({it.key(), *it});
    replaceAll(shown); // a diff, not a reset: rows that stay keep their selection
    flush();
}

QString JobsModel::nodesText(const QJsonObject &job)
{
    QStringList names;
    for (const QJsonValue &v : job.value(QLatin1String("node_names")).toArray())
        names.append(v.toString());
    names.removeDuplicates();
    return names.join(QStringLiteral(", "));
}

double JobsModel::queueSeconds(const QJsonObject &job, const QDateTime &now)
{
    const QJsonValue q = job.value(QLatin1String("queue_seconds"));
    if (q.isDouble())
        return q.toDouble();
    if (str(job, "status") != QLatin1String("pending") ||
        job.value(QLatin1String("on_hold")).toBool())
        return -1;
    const QDateTime submitted = FleetFormat::parseTime(job.value(QLatin1String("submitted_at")));
    return submitted.isValid() ? submitted.msecsTo(now) / 1000.0 : -1;
}

double JobsModel::durationSeconds(const QJsonObject &job, const QDateTime &now)
{
    const QDateTime started = FleetFormat::parseTime(job.value(QLatin1String("started_at")));
    if (!started.isValid())
        return -1;
    QDateTime finished = FleetFormat::parseTime(job.value(QLatin1String("finished_at")));
    if (!finished.isValid())
        finished = str(job, "status") == QLatin1String("dead") ? started : now;
    return started.msecsTo(finished) / 1000.0;
}

QString JobsModel::statusText(const QJsonObject &job)
{
    const QString status = str(job, "status");
    if (status == QLatin1String("pending") && job.value(QLatin1String("on_hold")).toBool())
        return tr("on hold");
    return FleetFormat::state(status);
}

QList<LiveTableModel::Column> JobsModel::makeColumns()
{
    const auto text = [](const char *key) {
        return [key](const QJsonObject &o) { return QVariant(str(o, key)); };
    };
    const auto time = [](const char *key) {
        return std::pair{std::function<QVariant(const QJsonObject &)>([key](const QJsonObject &o) {
                             return QVariant(FleetFormat::time(
                                 FleetFormat::parseTime(o.value(QLatin1String(key)))));
                         }),
                         std::function<QVariant(const QJsonObject &)>([key](const QJsonObject &o) {
                             const QDateTime t =
                                 FleetFormat::parseTime(o.value(QLatin1String(key)));
                             return QVariant(t.isValid() ? t.toMSecsSinceEpoch() : qint64(0));
                         })};
    };
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    const auto submitted = time("submitted_at");
    return {
        {QStringLiteral("id"), tr("ID"), text("id"), {}},
        {QStringLiteral("name"), tr("Job"), text("name"), {}},
        {QStringLiteral("workflow"), tr("Workflow"), text("workflow"), {}},
        {QStringLiteral("status"), tr("Status"),
         [](const QJsonObject &o) { return QVariant(statusText(o)); },
         [](const QJsonObject &o) {
             // Queued, on hold, running, finished: the order an admin reads a queue in.
             const Status status = statusOf(o);
             const int rank = status == Status::Pending
                                  ? (o.value(QLatin1String("on_hold")).toBool() ? 1 : 0)
                              : status == Status::Running ? 2
                                                          : 3;
             return QVariant(rank);
         }},
        {QStringLiteral("outcome"), tr("Outcome"),
         [](const QJsonObject &o) { return QVariant(FleetFormat::state(str(o, "outcome"))); },
         text("outcome")},
        {QStringLiteral("resource_class"), tr("Resource class"), text("resource_class"), {}},
        {QStringLiteral("nodes"),
         tr("Node(s)"),
         [](const QJsonObject &o) { return QVariant(nodesText(o)); },
         {}},
        {QStringLiteral("submitted_at"), tr("Submitted"), submitted.first, submitted.second},
        {QStringLiteral("queue_time"), tr("Queue time"),
         [](const QJsonObject &o) {
             return QVariant(
                 FleetFormat::duration(queueSeconds(o, QDateTime::currentDateTimeUtc())));
         },
         [](const QJsonObject &o) {
             return QVariant(queueSeconds(o, QDateTime::currentDateTimeUtc()));
         },
         right, tr("From submission until the job started; for queued jobs, the wait so far")},
        {QStringLiteral("duration"), tr("Duration"),
         [](const QJsonObject &o) {
             return QVariant(
                 FleetFormat::duration(durationSeconds(o, QDateTime::currentDateTimeUtc())));
         },
         [](const QJsonObject &o) {
             return QVariant(durationSeconds(o, QDateTime::currentDateTimeUtc()));
         },
         right},
    };
}

} // namespace gantry
