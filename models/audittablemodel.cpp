#include "audittablemodel.h"

#include "apiresult.h"
#include "auditevent.h"
#include "controlplaneclient.h"
#include "event.h"
#include "eventstream.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QLocale>

namespace gantry {

namespace {
constexpr int kLiveDelayMs = 250; // coalesces a burst of events into one request
} // namespace

AuditTableModel::AuditTableModel(ControlPlaneClient *client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
{
    m_liveDelay.setSingleShot(true);
    m_liveDelay.setInterval(kLiveDelayMs);
    connect(&m_liveDelay, &QTimer::timeout, this, &AuditTableModel::onAuditEvent);
}

AuditTableModel::~AuditTableModel()
{
    stop();
}

void AuditTableModel::setPageSize(int rows)
{
    m_pageSize = std::clamp(rows, 1, 1000);
    m_maxRows = std::max(m_maxRows, 2 * m_pageSize);
}

void AuditTableModel::setMaxRows(int rows)
{
    m_maxRows = std::max(rows, 2 * m_pageSize);
}

void AuditTableModel::connectTo(const QUrl &address, const QByteArray &token, const TlsTrust &trust)
{
    stop();
    m_stream = new EventStream(this);
    m_stream->setAddress(address);
    m_stream->setToken(token);
    m_stream->setTrust(trust);
    m_stream->setTopics({QStringLiteral("Audit")});
    connect(m_stream, &EventStream::event, this, [this](const Event &e) {
        if (e.topic == QLatin1String("Audit") && !m_liveDelay.isActive())
            m_liveDelay.start();
    });
    // After a drop or a resync, whatever was recorded meanwhile is fetched like new events.
    connect(m_stream, &EventStream::connected, this, [this] {
        if (m_state == State::Failed && !m_loading)
            reload(); // the first read failed (gantryd was not up yet): read again
        else
            m_liveDelay.start();
    });
    connect(m_stream, &EventStream::resync, this, [this] { m_liveDelay.start(); });
    m_stream->start();
}

void AuditTableModel::stop()
{
    if (m_stream) {
        m_stream->stop();
        delete m_stream;
    }
}

QStringList AuditTableModel::setFilter(const AuditFilter &filter)
{
    const QStringList problems = filter.validate();
    if (!problems.isEmpty())
        return problems;
    m_nextFilter = filter;
    m_nextQuery = filter.toQuery(QDateTime::currentDateTimeUtc());
    reload();
    return {};
}

void AuditTableModel::reload()
{
    request(Fetch::Reset, {});
}

void AuditTableModel::jumpTo(const QDateTime &time)
{
    QUrlQuery extra;
    // The filter's own end still applies when it is earlier.
    const QString until = m_nextQuery.queryItemValue(QStringLiteral("until"));
    const QString at = time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
    const auto limit = AuditEvent::parseTime(until);
    const auto wanted = AuditEvent::parseTime(at);
    if (!limit || (wanted && *wanted < *limit))
        extra.addQueryItem(QStringLiteral("until"), at);
    request(Fetch::Reset, {}, extra);
}

void AuditTableModel::setFollowingNewest(bool following)
{
    if (m_following == following)
        return;
    m_following = following;
    if (m_following && m_atNewest && m_newEvents > 0)
        fetchNewerLive();
}

void AuditTableModel::fetchNewerLive()
{
    if (m_loading || m_fetchingNewer || m_pages.empty())
        return;
    fetchNewer();
    m_liveFetch = true;
}

bool AuditTableModel::canFetchNewer() const
{
    return !m_atNewest && !m_loading && !m_fetchingNewer && !m_pages.empty();
}

void AuditTableModel::fetchNewer()
{
    if (m_loading || m_fetchingNewer || m_pages.empty())
        return;
    m_fetchingNewer = true;
    m_liveFetch = false;
    request(Fetch::Newer, m_pages.front().head);
}

bool AuditTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atOldest && !m_loading && !m_fetchingOlder && !m_pages.empty() &&
           !m_pages.back().tail.isEmpty();
}

void AuditTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetchingOlder = true;
    request(Fetch::Older, m_pages.back().tail);
}

void AuditTableModel::request(Fetch kind, const QString &cursor, QUrlQuery extra)
{
    // A new filter or jump reads with the new query; the rows and their cursors keep the
    // applied one until it has answered (a failed filter change leaves a consistent window).
    QUrlQuery q = kind == Fetch::Reset ? m_nextQuery : m_query;
    for (const auto &[k, v] : extra.queryItems(QUrl::FullyEncoded))
        q.addQueryItem(k, v);
    q.addQueryItem(QStringLiteral("limit"),
                   QString::number(kind == Fetch::CountNew ? 1000 : m_pageSize));
    if (!cursor.isEmpty())
        q.addQueryItem(QStringLiteral("cursor"), cursor);
    if (kind == Fetch::Reset) {
        ++m_generation;
        m_loading = true;
        m_fetchingOlder = m_fetchingNewer = m_countingNew = m_liveFetch = false;
        setState(State::Loading);
    }
    const quint64 generation = m_generation;
    const bool jump = extra.hasQueryItem(QStringLiteral("until"));
    m_client->get(QStringLiteral("/v1/audit?") + q.query(QUrl::FullyEncoded),
                  [this, kind, generation, jump](const ApiResult &r) {
                      if (generation != m_generation)
                          return; // a newer filter or jump replaced this window
                      onPage(kind, jump, r);
                  });
}

AuditTableModel::Row AuditTableModel::rowFrom(const QJsonObject &e)
{
    Row r;
    r.id = e.value(QLatin1String("id")).toString();
    const QString at = e.value(QLatin1String("occurred_at")).toString();
    r.ns = AuditEvent::parseTime(at).value_or(0);
    r.occurredAt = formatTime(at);
    r.action = e.value(QLatin1String("action")).toString();
    r.actor = entityText(e.value(QLatin1String("actor")).toObject());
    r.target = entityText(e.value(QLatin1String("target")).toObject());
    r.success = e.value(QLatin1String("success")).toBool(true);
    r.event = e;
    return r;
}

void AuditTableModel::onPage(Fetch kind, bool jump, const ApiResult &result)
{
    // The flag of this fetch stays set until its rows are in (cleared where they go in): views
    // and the model tester ask canFetchMore() from inside the insert and remove signals.
    auto done = [this, kind] {
        switch (kind) {
        case Fetch::Reset:
            m_loading = false;
            break;
        case Fetch::Older:
            m_fetchingOlder = false;
            break;
        case Fetch::Newer:
            m_fetchingNewer = false;
            break;
        case Fetch::CountNew:
            m_countingNew = false;
            break;
        }
    };
    if (!result.ok()) {
        done();
        setState(State::Failed, result.describeError());
        Q_EMIT errorOccurred(m_lastError);
        return;
    }
    const QJsonObject o = result.json.object();
    std::vector<Row> rows;
    const QJsonArray events = o.value(QLatin1String("events")).toArray();
    rows.reserve(size_t(events.size()));
    for (const QJsonValue &v : events)
        rows.push_back(rowFrom(v.toObject()));
    Page page;
    page.rows = int(rows.size());
    page.head = o.value(QLatin1String("head_cursor")).toString();
    page.tail = o.value(QLatin1String("next_cursor")).toString();
    const bool noneNewer = o.value(QLatin1String("prev_cursor")).isNull();
    if (o.contains(QLatin1String("total"))) {
        const qint64 total = o.value(QLatin1String("total")).toInteger();
        const QString totalKind = o.value(QLatin1String("total_kind")).toString();
        if (kind != Fetch::CountNew && (total != m_total || totalKind != m_totalKind)) {
            m_total = total;
            m_totalKind = totalKind;
            Q_EMIT totalChanged();
        }
    }
    if (kind == Fetch::Reset)
        m_loading = false; // resetWith's signals may already ask for more
    switch (kind) {
    case Fetch::Reset:
        m_query = m_nextQuery;
        m_filter = m_nextFilter;
        resetWith(rows, page, !jump);
        break;
    case Fetch::Older:
        appendOlder(std::move(rows), page);
        break;
    case Fetch::Newer:
        prependNewer(std::move(rows), page, noneNewer);
        break;
    case Fetch::CountNew:
        m_countingNew = false;
        setNewEvents(int(rows.size()));
        break;
    }
    setState(State::Ready);
    if (m_liveAgain) {
        m_liveAgain = false;
        onAuditEvent();
    }
}

void AuditTableModel::resetWith(const std::vector<Row> &rows, const Page &page, bool atNewest)
{
    beginResetModel();
    m_rows = rows;
    m_pages.clear();
    m_pages.push_back(page);
    m_atNewest = atNewest;
    m_atOldest = page.tail.isEmpty();
    reindex();
    endResetModel();
    if (atNewest)
        m_newestHead = page.head;
    setNewEvents(0);
}

void AuditTableModel::appendOlder(std::vector<Row> rows, const Page &page)
{
    if (rows.empty()) {
        m_fetchingOlder = false;
        m_atOldest = true;
        m_pages.back().tail.clear();
        return;
    }
    trimFront(int(rows.size())); // room first: the window never exceeds its bound
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    for (Row &r : rows) {
        m_index.insert(r.id, int(m_rows.size()));
        m_rows.push_back(std::move(r));
    }
    m_pages.push_back(page);
    m_atOldest = page.tail.isEmpty();
    m_fetchingOlder = false; // a view may ask for the next page from inside endInsertRows()
    endInsertRows();
}

void AuditTableModel::prependNewer(std::vector<Row> rows, const Page &page, bool newest)
{
    m_atNewest = newest;
    if (rows.empty()) {
        m_fetchingNewer = false;
        if (newest)
            setNewEvents(0);
        return;
    }
    if (m_rows.empty())
        m_pages.clear(); // the empty page of an empty window
    const int n = int(rows.size());
    trimBack(n);
    beginInsertRows({}, 0, n - 1);
    m_rows.insert(m_rows.begin(), std::make_move_iterator(rows.begin()),
                  std::make_move_iterator(rows.end()));
    m_pages.push_front(page);
    reindex();
    m_fetchingNewer = false;
    endInsertRows();
    const bool live = m_liveFetch;
    m_liveFetch = false;
    Q_EMIT rowsShiftedAtTop(n, live);
    if (newest) {
        m_newestHead = page.head;
        setNewEvents(0);
    } else if (live) {
        // A burst larger than a page: go on to the newest once this fetch is done.
        QMetaObject::invokeMethod(this, &AuditTableModel::fetchNewerLive, Qt::QueuedConnection);
    }
}

void AuditTableModel::trimFront(int incoming)
{
    int drop = 0;
    int pages = 0;
    int left = int(m_rows.size());
    while (left + incoming > m_maxRows && size_t(pages) < m_pages.size()) {
        drop += m_pages[size_t(pages)].rows;
        left -= m_pages[size_t(pages)].rows;
        ++pages;
    }
    if (drop == 0)
        return;
    beginRemoveRows({}, 0, drop - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + drop);
    m_pages.erase(m_pages.begin(), m_pages.begin() + pages);
    m_atNewest = false;
    reindex();
    endRemoveRows();
    Q_EMIT rowsShiftedAtTop(-drop, false);
}

void AuditTableModel::trimBack(int incoming)
{
    int drop = 0;
    int left = int(m_rows.size());
    size_t keep = m_pages.size();
    while (left + incoming > m_maxRows && keep > 0) {
        --keep;
        drop += m_pages[keep].rows;
        left -= m_pages[keep].rows;
    }
    if (drop == 0)
        return;
    const int first = int(m_rows.size()) - drop;
    beginRemoveRows({}, first, int(m_rows.size()) - 1);
    for (int i = first; i < int(m_rows.size()); ++i)
        m_index.remove(m_rows[size_t(i)].id);
    m_rows.resize(size_t(first));
    m_pages.resize(keep);
    m_atOldest = false;
    endRemoveRows();
}

void AuditTableModel::reindex()
{
    m_index.clear();
    m_index.reserve(qsizetype(m_rows.size()));
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_index.insert(m_rows[i].id, int(i));
}

void AuditTableModel::onAuditEvent()
{
    if (m_pages.empty() || m_state == State::Idle)
        return; // nothing shown yet: the first load brings the newest anyway
    if (m_loading || m_fetchingNewer || m_countingNew) {
        m_liveAgain = true;
        return;
    }
    if (m_atNewest && m_following) {
        fetchNewerLive();
    } else if (!m_newestHead.isEmpty()) {
        m_countingNew = true;
        request(Fetch::CountNew, m_newestHead);
    }
}

void AuditTableModel::setNewEvents(int count)
{
    if (m_newEvents == count)
        return;
    m_newEvents = count;
    Q_EMIT newEventCountChanged(count);
}

void AuditTableModel::setState(State state, const QString &error)
{
    m_lastError = error;
    if (m_state == state && error.isEmpty())
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

QString AuditTableModel::totalText() const
{
    if (m_totalKind.isEmpty())
        return {};
    const QString n = QLocale().toString(m_total);
    if (m_totalKind == QLatin1String("estimate"))
        return tr("about %1 events").arg(n);
    if (m_totalKind == QLatin1String("at_least"))
        return tr("at least %1 events").arg(n);
    return m_total == 1 ? tr("1 event") : tr("%1 events").arg(n);
}

QJsonObject AuditTableModel::event(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].event : QJsonObject();
}

QString AuditTableModel::idAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].id : QString();
}

int AuditTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AuditTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case OccurredAt:
            return r.occurredAt;
        case Action:
            return r.action;
        case Actor:
            return r.actor;
        case Target:
            return r.target;
        case Success:
            return r.success ? tr("yes") : tr("no");
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case OccurredAt:
            return r.event.value(QLatin1String("occurred_at")).toString();
        case Actor:
            return r.event.value(QLatin1String("actor")).toObject().value("id").toString();
        case Target:
            return r.event.value(QLatin1String("target")).toObject().value("id").toString();
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == Success && !r.success)
            return QBrush(QColor(0xb0, 0x1c, 0x1c));
        break;
    case SortRole:
        switch (index.column()) {
        case OccurredAt:
            return r.ns;
        case Success:
            return r.success;
        default:
            return data(index, Qt::DisplayRole);
        }
    case IdRole:
        return r.id;
    case EventRole:
        return r.event;
    }
    return {};
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case OccurredAt:
        return tr("Occurred at");
    case Action:
        return tr("Action");
    case Actor:
        return tr("Actor");
    case Target:
        return tr("Target");
    case Success:
        return tr("Success");
    }
    return {};
}

QString AuditTableModel::formatTime(const QString &isoTime)
{
    const auto ns = AuditEvent::parseTime(isoTime);
    if (!ns)
        return isoTime;
    return QDateTime::fromMSecsSinceEpoch(*ns / 1000000, Qt::UTC)
        .toLocalTime()
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString AuditTableModel::entityText(const QJsonObject &entity)
{
    const QString name = entity.value(QLatin1String("name")).toString();
    return name.isEmpty() ? entity.value(QLatin1String("id")).toString() : name;
}

} // namespace gantry
