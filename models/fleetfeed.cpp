#include "fleetfeed.h"

#include "controlplaneclient.h"
#include "event.h"
#include "eventstream.h"
#include "fleetformat.h"
#include "jobsmodel.h"
#include "nodesmodel.h"

#include <QJsonArray>
#include <QUrlQuery>
#include <algorithm>

namespace gantry {

namespace {
constexpr int kJobsPageSize = 1000;
constexpr int kRelistRetryMs = 5000;

QString idOf(const QJsonObject &o)
{
    return o.value(QLatin1String("id")).toString();
}
} // namespace

FleetFeed::FleetFeed(ControlPlaneClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_nodes(new NodesModel(this))
    , m_jobs(new JobsModel(this))
{
    m_relistRetry.setSingleShot(true);
    m_relistRetry.setInterval(kRelistRetryMs);
    connect(&m_relistRetry, &QTimer::timeout, this, &FleetFeed::relist);
    connect(m_nodes, &LiveTableModel::flushed, this, &FleetFeed::updated);
    connect(m_jobs, &LiveTableModel::flushed, this, &FleetFeed::updated);
}

FleetFeed::~FleetFeed()
{
    stop();
}

void FleetFeed::connectTo(const QUrl &address, const QByteArray &token)
{
    connectTo(address, token, TlsTrust{});
}

void FleetFeed::connectTo(const QUrl &address, const QByteArray &token, const TlsTrust &trust)
{
    stop();
    m_stream = new EventStream(this);
    m_stream->setAddress(address);
    m_stream->setToken(token);
    m_stream->setTrust(trust);
    // Settings too: the console keeps one stream, and otherEvent hands those to the settings
    // pages (another console's apply or rollback).
    m_stream->setTopics({QStringLiteral("Node"), QStringLiteral("Job"),
                         QStringLiteral("Allocation"), QStringLiteral("Metrics"),
                         QStringLiteral("Settings")});
    connect(m_stream, &EventStream::connected, this, [this] {
        const bool reconnect = m_lostAt.isValid();
        m_streamUp = true;
        if (reconnect)
            Q_EMIT reconnected();
        if (reconnect || (!m_listed && !m_listing))
            relist(); // what changed while we were away, whatever the stream replays
        else if (!m_listing)
            setState(State::Live);
        // else: the list in flight goes live when it lands.
    });
    connect(m_stream, &EventStream::disconnected, this, [this](const QString &reason, int) {
        if (m_streamUp || !m_lostAt.isValid())
            m_lostAt = QDateTime::currentDateTimeUtc();
        m_streamUp = false;
        ++m_retries;
        m_lastError = reason;
        setState(State::Disconnected);
    });
    connect(m_stream, &EventStream::event, this, [this](const Event &e) {
        if (m_listing)
            m_buffer.push_back(e);
        else
            applyEvent(e);
    });
    connect(m_stream, &EventStream::resync, this, [this] { relist(); });
    setState(State::Loading);
    m_stream->start();
    relist();
}

void FleetFeed::stop()
{
    ++m_generation;
    m_listing = false;
    m_relistRetry.stop();
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->stop();
        m_stream->deleteLater();
        m_stream = nullptr;
    }
    if (m_streamUp)
        m_lostAt = QDateTime::currentDateTimeUtc();
    m_streamUp = false;
    if (m_state == State::Live || m_state == State::Loading)
        setState(m_listed ? State::Disconnected : State::Idle);
}

void FleetFeed::relist()
{
    m_relistRetry.stop();
    const quint64 generation = ++m_generation;
    m_listing = true;
    m_buffer.clear();
    m_listedNodes.clear();
    m_listedJobs.clear();
    m_nodesDone = m_jobsDone = false;
    if (m_state != State::Disconnected)
        setState(State::Loading);
    m_client->get(QStringLiteral("/v1/nodes"), [this, generation](const ApiResult &r) {
        if (generation != m_generation)
            return;
        if (!r.ok())
            return listFailed(generation, r.describeError());
        const QJsonArray array = r.json.isArray()
                                     ? r.json.array()
                                     : r.json.object().value(QLatin1String("nodes")).toArray();
        for (const QJsonValue &v : array)
            m_listedNodes.append(v.toObject());
        m_nodesDone = true;
        finishList(generation);
    });
    listJobsPage(generation, {});
}

void FleetFeed::listJobsPage(quint64 generation, const QString &cursor)
{
    QUrlQuery query{{QStringLiteral("limit"), QString::number(kJobsPageSize)}};
    if (!cursor.isEmpty())
        query.addQueryItem(QStringLiteral("cursor"), cursor);
    m_client->get(QStringLiteral("/v1/jobs?") + query.toString(QUrl::FullyEncoded),
                  [this, generation](const ApiResult &r) {
                      if (generation != m_generation)
                          return;
                      if (!r.ok())
                          return listFailed(generation, r.describeError());
                      // Newest first; a full page means there may be more, and the cursor
                      // is the id of the last job of the page (also in X-Next-Cursor).
                      const QJsonArray array =
                          r.json.isArray() ? r.json.array()
                                           : r.json.object().value(QLatin1String("jobs")).toArray();
                      for (const QJsonValue &v : array)
                          m_listedJobs.append(v.toObject());
                      if (array.size() == kJobsPageSize && m_listedJobs.size() < m_maxJobs)
                          return listJobsPage(generation, idOf(array.last().toObject()));
                      m_jobsDone = true;
                      finishList(generation);
                  });
}

void FleetFeed::listFailed(quint64 generation, const QString &error)
{
    if (generation != m_generation)
        return;
    ++m_generation; // the other half of the list no longer matters
    m_listing = false;
    m_lastError = error;
    // Events that came meanwhile still apply on top of the last data.
    const std::vector<Event> buffered = std::exchange(m_buffer, {});
    for (const Event &e : buffered)
        applyEvent(e);
    if (!m_streamUp) {
        if (!m_lostAt.isValid() && m_listed)
            m_lostAt = QDateTime::currentDateTimeUtc();
        setState(m_listed ? State::Disconnected : State::Unavailable);
    } else {
        setState(State::Unavailable);
    }
    m_relistRetry.start();
}

void FleetFeed::finishList(quint64 generation)
{
    if (generation != m_generation || !m_nodesDone || !m_jobsDone)
        return;
    m_listing = false;
    applyLists(m_listedNodes, m_listedJobs);
    m_listedNodes.clear();
    m_listedJobs.clear();
    const std::vector<Event> buffered = std::exchange(m_buffer, {});
    for (const Event &e : buffered)
        applyEvent(e);
    m_nodes->flush();
    m_jobs->flush();
    m_lastError.clear();
    if (m_streamUp) {
        m_lostAt = {};
        m_retries = 0;
        setState(State::Live);
    } else if (!m_stream) {
        setState(State::Idle);
    } else {
        // Listed before the stream is up: live once it connects, unless it was lost.
        setState(m_lostAt.isValid() ? State::Disconnected : State::Loading);
    }
}

void FleetFeed::applyLists(const QList<QJsonObject> &nodes, const QList<QJsonObject> &jobs)
{
    m_nodeNames.clear();
    for (const QJsonObject &n : nodes)
        m_nodeNames.insert(idOf(n), n.value(QLatin1String("name")).toString());
    m_nodes->flush(); // queued events predate the list: the list's diff has the last word
    m_nodes->replaceAll(nodes);
    QList<QJsonObject> named;
    named.reserve(jobs.size());
    QSet<QString> known;
    for (const QJsonObject &job : jobs) {
        for (const QJsonValue &a : job.value(QLatin1String("allocations")).toArray())
            absorbAllocation(a.toObject());
        known.insert(idOf(job));
        named.append(withNodeNames(job));
    }
    // Allocations of jobs gantryd no longer lists are history nobody can open.
    for (auto it = m_allocations.begin(); it != m_allocations.end();)
        it = known.contains(it.key()) ? std::next(it) : m_allocations.erase(it);
    m_jobs->replaceJobs(named);
    m_listed = true;
    touch();
}

void FleetFeed::applyEvent(const Event &e)
{
    const bool removed = e.type == QLatin1String("removed") || e.type == QLatin1String("deleted");
    if (e.topic == QLatin1String("Node")) {
        if (removed) {
            m_nodeNames.remove(idOf(e.payload));
            m_nodes->remove(idOf(e.payload));
        } else {
            m_nodeNames.insert(idOf(e.payload), e.payload.value(QLatin1String("name")).toString());
            m_nodes->upsert(e.payload);
        }
    } else if (e.topic == QLatin1String("Job")) {
        if (removed) {
            m_allocations.remove(idOf(e.payload));
            m_jobs->removeJob(idOf(e.payload));
        } else {
            for (const QJsonValue &a : e.payload.value(QLatin1String("allocations")).toArray())
                absorbAllocation(a.toObject());
            m_jobs->setJob(withNodeNames(e.payload));
            if (m_jobs->allJobs().size() > m_maxJobs)
                forgetOldJobs();
        }
    } else if (e.topic == QLatin1String("Allocation")) {
        absorbAllocation(e.payload);
        const QString jobId = e.payload.value(QLatin1String("job_id")).toString();
        const QJsonObject job = m_jobs->job(jobId);
        if (!job.isEmpty())
            m_jobs->setJob(withNodeNames(job));
        Q_EMIT allocationChanged(e.payload);
    } else if (e.topic == QLatin1String("Metrics")) {
        Q_EMIT metricsReceived(e.payload);
        return;
    } else {
        Q_EMIT otherEvent(e);
        return;
    }
    touch();
}

void FleetFeed::absorbJobDetails(const QJsonObject &job)
{
    const QString id = idOf(job);
    if (id.isEmpty())
        return;
    for (const QJsonValue &a : job.value(QLatin1String("allocations")).toArray()) {
        absorbAllocation(a.toObject());
        Q_EMIT allocationChanged(a.toObject());
    }
    QJsonObject record = job;
    record.remove(QStringLiteral("allocations"));
    if (m_jobs->allJobs().contains(id))
        m_jobs->setJob(withNodeNames(record));
}

void FleetFeed::absorbAllocation(const QJsonObject &allocation)
{
    const QString jobId = allocation.value(QLatin1String("job_id")).toString();
    const QString id = idOf(allocation);
    if (jobId.isEmpty() || id.isEmpty())
        return;
    m_allocations[jobId].insert(id, allocation);
}

QList<QJsonObject> FleetFeed::allocationsOf(const QString &jobId) const
{
    QList<QJsonObject> list = m_allocations.value(jobId).values();
    std::sort(list.begin(), list.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QLatin1String("index")).toInt() < b.value(QLatin1String("index")).toInt();
    });
    return list;
}

QJsonObject FleetFeed::withNodeNames(QJsonObject job) const
{
    QStringList nodeIds;
    for (const QJsonValue &v : job.value(QLatin1String("node_ids")).toArray())
        nodeIds.append(v.toString());
    const auto it = m_allocations.constFind(idOf(job));
    if (it != m_allocations.cend())
        for (const QJsonObject &a : it.value())
            nodeIds.append(a.value(QLatin1String("node_id")).toString());
    QStringList names;
    for (const QString &node : std::as_const(nodeIds)) {
        if (node.isEmpty())
            continue;
        const QString name = m_nodeNames.value(node);
        names.append(name.isEmpty() ? node : name);
    }
    names.removeDuplicates();
    names.sort();
    job.insert(QStringLiteral("node_names"), QJsonArray::fromStringList(names));
    return job;
}

void FleetFeed::forgetOldJobs()
{
    // Down to 90 % at once, so this runs once per many new jobs rather than for each.
    std::vector<std::pair<QString, QString>> finished; // submitted_at (ISO sorts), id
    for (const QJsonObject &job : m_jobs->allJobs())
        if (job.value(QLatin1String("status")).toString() == QLatin1String("dead"))
            finished.emplace_back(job.value(QLatin1String("submitted_at")).toString(), idOf(job));
    const qsizetype excess = m_jobs->allJobs().size() - qsizetype(m_maxJobs * 0.9);
    const size_t count = size_t(std::clamp<qsizetype>(excess, 0, qsizetype(finished.size())));
    std::nth_element(finished.begin(), finished.begin() + qsizetype(count), finished.end());
    for (size_t i = 0; i < count; ++i) {
        m_allocations.remove(finished[i].second);
        m_jobs->removeJob(finished[i].second);
    }
}

void FleetFeed::touch()
{
    m_lastUpdated = QDateTime::currentDateTimeUtc();
}

QString FleetFeed::readOnlyReason() const
{
    if (!m_viewerReason.isEmpty())
        return m_viewerReason;
    return m_state == State::Live ? QString() : tr("Read-only while disconnected from gantryd");
}

void FleetFeed::setViewerReason(const QString &reason)
{
    if (reason == m_viewerReason)
        return;
    m_viewerReason = reason;
    Q_EMIT stateChanged();
}

void FleetFeed::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

QDateTime FleetFeed::asOf() const
{
    if (m_state == State::Live)
        return QDateTime::currentDateTimeUtc();
    return m_lostAt.isValid() ? m_lostAt : m_lastUpdated;
}

QString FleetFeed::bannerText() const
{
    switch (m_state) {
    case State::Live:
    case State::Idle:
        return {};
    case State::Loading:
        return tr("Loading the fleet from gantryd…");
    case State::Disconnected:
        if (!m_listed)
            return tr("Not connected to gantryd yet (attempt %1): %2")
                .arg(m_retries)
                .arg(m_lastError);
        return tr("Disconnected from gantryd: showing the fleet as of %1, read-only. "
                  "Reconnecting (attempt %2)…")
            .arg(FleetFormat::time(asOf()))
            .arg(m_retries);
    case State::Unavailable:
        return m_listed ? tr("gantryd's fleet API did not answer (%1): showing data as of %2, "
                             "read-only. Retrying…")
                              .arg(m_lastError, FleetFormat::time(asOf()))
                        : tr("gantryd's fleet API did not answer (%1). Retrying…").arg(m_lastError);
    }
    return {};
}

QString FleetFeed::freshnessText() const
{
    if (m_state == State::Live)
        return tr("live, updated %1").arg(FleetFormat::time(m_lastUpdated));
    if (!m_listed)
        return tr("no data yet");
    return tr("as of %1").arg(FleetFormat::time(asOf()));
}

} // namespace gantry
