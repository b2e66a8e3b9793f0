// The live fleet for the console: lists nodes and jobs through ControlPlaneClient, keeps them
// current from GET /v1/events (its own EventStream, so its own QNetworkAccessManager), re-lists on
// resync and on reconnect, and says how fresh the data is. Disconnected is a state: the models keep
// their last rows, the feed says "as of HH:MM:SS", and the pages go read-only.
#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <vector>

namespace gantry {

class ControlPlaneClient;
class EventStream;
class JobsModel;
class NodesModel;
struct Event;
struct TlsTrust;

class FleetFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetFeed)
public:
    enum class State { Idle, Loading, Live, Disconnected, Unavailable };
    Q_ENUM(State)

    explicit FleetFeed(ControlPlaneClient *client, QObject *parent = nullptr);
    ~FleetFeed() override;

    NodesModel *nodes() const { return m_nodes; }
    JobsModel *jobs() const { return m_jobs; }

    // (Re)connects to a gantryd: a fresh event stream (indexes of another gantryd mean nothing
    // here) and a full list.
    void connectTo(const QUrl &address, const QByteArray &token);
    void connectTo(const QUrl &address, const QByteArray &token, const TlsTrust &trust);
    void stop();
    void relist();

    State state() const { return m_state; }
    // Actions are off while not live, and for viewers (see setViewerReason).
    bool isReadOnly() const { return m_state != State::Live || !m_viewerReason.isEmpty(); }
    // Why actions are off: the tooltip of every disabled action; empty when they are not.
    QString readOnlyReason() const;
    // Non-empty when the console is signed in as a viewer: why it may not act.
    void setViewerReason(const QString &reason);
    // When a list or an event last changed the models.
    QDateTime lastUpdated() const { return m_lastUpdated; }
    // The moment the data reflects: now while live, the moment the stream was lost otherwise.
    QDateTime asOf() const;
    int retryCount() const { return m_retries; }
    QString lastError() const { return m_lastError; }
    // The page banner's sentence; empty while live.
    QString bannerText() const;
    // One line for a table's status: "12 nodes · live" or "12 nodes · as of 12:04:10".
    QString freshnessText() const;

    // The allocations seen for a job (from events and details), by allocation id.
    QList<QJsonObject> allocationsOf(const QString &jobId) const;
    // Adds a job's details (GET /v1/job/:id) to the feed: its allocations and node names.
    void absorbJobDetails(const QJsonObject &jobWithAllocations);
    // For tests and for replaying: applies one event as if it came from the stream.
    void applyEvent(const Event &event);
    // Finished jobs beyond this many are forgotten, oldest first (gantryd's retention removes
    // them without an event, and a console left open for weeks must not grow without bound).
    void setMaxJobs(int jobs) { m_maxJobs = jobs; }
    // For tests: applies lists as if they came from GET /v1/nodes and GET /v1/jobs.
    void applyLists(const QList<QJsonObject> &nodes, const QList<QJsonObject> &jobs);

Q_SIGNALS:
    void stateChanged();
    void updated();
    void allocationChanged(const QJsonObject &allocation);
    void metricsReceived(const QJsonObject &payload);
    // Events of the topics the fleet does not use (Settings), for the other pages: the console
    // keeps one event stream for them (the audit browser has its own).
    void otherEvent(const gantry::Event &event);
    // The stream is back after a loss: what other pages show may have changed meanwhile.
    void reconnected();

private:
    void setState(State state);
    void listJobsPage(quint64 generation, const QString &cursor);
    void finishList(quint64 generation);
    void listFailed(quint64 generation, const QString &error);
    void absorbAllocation(const QJsonObject &allocation);
    QJsonObject withNodeNames(QJsonObject job) const;
    void touch();
    void forgetOldJobs();

    ControlPlaneClient *m_client;
    NodesModel *m_nodes;
    JobsModel *m_jobs;
    QPointer<EventStream> m_stream;
    State m_state = State::Idle;
    bool m_streamUp = false;
    bool m_listing = false;
    bool m_listed = false;
    quint64 m_generation = 0;
    QList<QJsonObject> m_listedNodes;
    QList<QJsonObject> m_listedJobs;
    bool m_nodesDone = false;
    bool m_jobsDone = false;
    std::vector<Event> m_buffer; // events that arrived while a list was in flight
    QHash<QString, QString> m_nodeNames;
    QHash<QString, QHash<QString, QJsonObject>> m_allocations; // job id → allocation id → record
    QDateTime m_lastUpdated;
    QDateTime m_lostAt;
    int m_retries = 0;
    int m_maxJobs = 50000;
    QString m_lastError;
    QString m_viewerReason;
    QTimer m_relistRetry;
};

} // namespace gantry
