// The audit log as a table, newest first, for a log of any size: a bounded window of pages read
// from GET /v1/audit with keyset cursors, extended at either end as the view scrolls (older pages
// through fetchMore, newer ones through fetchNewer) and trimmed at the far end, so memory stays
// bounded however far one scrolls. Live: new events (topic Audit) come in at the top while the
// window holds the newest rows and the view follows them; otherwise they are only counted.
#pragma once

#include "auditfilter.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <deque>
#include <vector>

namespace gantry {

class ControlPlaneClient;
class EventStream;
struct ApiResult;
struct TlsTrust;

class AuditTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditTableModel)
public:
    enum Column { OccurredAt, Action, Actor, Target, Success, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, // the event's id
        EventRole,                 // the whole event (QJsonObject)
        SortRole,                  // raw value (nanoseconds for Occurred at)
    };
    enum class State { Idle, Loading, Ready, Failed };
    Q_ENUM(State)

    static constexpr int kDefaultPageSize = 200;
    static constexpr int kDefaultMaxRows = 2000;

    explicit AuditTableModel(ControlPlaneClient *client, QObject *parent = nullptr);
    ~AuditTableModel() override;

    // Rows per request and the window's bound (at least two pages).
    void setPageSize(int rows);
    void setMaxRows(int rows);
    int pageSize() const { return m_pageSize; }
    int maxRows() const { return m_maxRows; }

    // The live feed (its own EventStream on topic Audit). Without it the model only pages.
    void connectTo(const QUrl &address, const QByteArray &token, const TlsTrust &trust);
    void stop();

    // Applies a filter (presets resolved now) and loads the newest page. Invalid filters are
    // refused with the reasons (and change nothing).
    QStringList setFilter(const AuditFilter &filter);
    AuditFilter filter() const { return m_filter; }
    // The resolved query the rows come from (and an export of "the current filter" must use);
    // a new filter takes its place once gantryd has answered it.
    QUrlQuery query() const { return m_query; }
    void reload(); // the newest page of the current filter
    // A window starting at the newest event that occurred before `time` (under the filter).
    void jumpTo(const QDateTime &time);

    // Whether the view shows the top rows: new events then come in at the top; otherwise they
    // are counted in newEventCount().
    void setFollowingNewest(bool following);
    bool isFollowingNewest() const { return m_following; }
    bool holdsNewest() const { return m_atNewest; }
    bool holdsOldest() const { return m_atOldest; }
    int newEventCount() const { return m_newEvents; }

    bool canFetchNewer() const;
    void fetchNewer();
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    bool isFetching() const { return m_fetchingOlder || m_fetchingNewer || m_loading; }

    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }
    // The number of events the filter selects, as gantryd counts it, and how exactly.
    qint64 total() const { return m_total; }
    QString totalKind() const { return m_totalKind; } // exact, estimate, at_least
    QString totalText() const;                        // "1,234 events", "≈ 1.2 million events"

    int rowOf(const QString &id) const { return m_index.value(id, -1); }
    QJsonObject event(int row) const;
    QString idAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString formatTime(const QString &isoTime); // local "yyyy-MM-dd HH:mm:ss.zzz"
    static QString entityText(const QJsonObject &entity);

Q_SIGNALS:
    void stateChanged();
    void totalChanged();
    void newEventCountChanged(int count);
    // Rows were added (positive) or removed (negative) above the first row: a view keeps its
    // place by scrolling by as many rows, unless `live` (new events for a view at the top).
    void rowsShiftedAtTop(int delta, bool live);
    void errorOccurred(const QString &message);

private:
    struct Row
    {
        QString id;
        qint64 ns = 0;
        QString occurredAt; // formatted
        QString action;
        QString actor;
        QString target;
        bool success = true;
        QJsonObject event;
    };
    struct Page
    {
        int rows = 0;
        QString head; // continues before its first row (newer)
        QString tail; // continues after its last row (older); empty: none at the time
    };
    enum class Fetch { Reset, Older, Newer, CountNew };

    void request(Fetch kind, const QString &cursor, QUrlQuery extra = {});
    void onPage(Fetch kind, bool jump, const ApiResult &result);
    void resetWith(const std::vector<Row> &rows, const Page &page, bool atNewest);
    void appendOlder(std::vector<Row> rows, const Page &page);
    void prependNewer(std::vector<Row> rows, const Page &page, bool newest);
    // Drop whole pages at the far end until `incoming` more rows fit in the bound.
    void trimFront(int incoming);
    void trimBack(int incoming);
    void reindex();
    void setState(State state, const QString &error = {});
    void onAuditEvent();
    void fetchNewerLive();
    void setNewEvents(int count);
    static Row rowFrom(const QJsonObject &event);

    ControlPlaneClient *m_client;
    QPointer<EventStream> m_stream;
    AuditFilter m_filter; // of the rows shown
    QUrlQuery m_query;
    AuditFilter m_nextFilter; // asked for (the same once it has answered)
    QUrlQuery m_nextQuery;
    int m_pageSize = kDefaultPageSize;
    int m_maxRows = kDefaultMaxRows;
    std::vector<Row> m_rows;
    std::deque<Page> m_pages; // in display order; their rows add up to m_rows
    QHash<QString, int> m_index;
    QString m_newestHead; // before the newest row ever held for this filter
    bool m_atNewest = false;
    bool m_atOldest = false;
    bool m_following = true;
    bool m_loading = false;
    bool m_fetchingOlder = false;
    bool m_fetchingNewer = false;
    bool m_countingNew = false;
    bool m_liveFetch = false; // the newer page in flight is new events for a following view
    bool m_liveAgain = false; // an event came while a fetch was in flight
    int m_newEvents = 0;
    quint64 m_generation = 0;
    State m_state = State::Idle;
    QString m_lastError;
    qint64 m_total = 0;
    QString m_totalKind;
    QTimer m_liveDelay;
};

} // namespace gantry
