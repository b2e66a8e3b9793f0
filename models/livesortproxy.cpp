#include "livesortproxy.h"

#include "livetablemodel.h"

#include <QDateTime>
#include <algorithm>

namespace gantry {

namespace {
// Up to this many separate runs of rows are inserted or removed one run at a time; beyond it, one
// layout change gathers them first, so a batch costs the views one relayout, not one per run.
constexpr size_t kFewRuns = 8;
// Beyond this many runs of changed rows, one dataChanged covers them all (qBittorrent does the
// same when more than half the rows changed).
constexpr size_t kManyRuns = 16;

std::vector<std::pair<int, int>> runsOf(std::vector<int> rows)
{
    std::sort(rows.begin(), rows.end());
    std::vector<std::pair<int, int>> runs;
    for (const int row : rows) {
        if (!runs.empty() && runs.back().second + 1 == row)
            runs.back().second = row;
        else
            runs.emplace_back(row, row);
    }
    return runs;
}
} // namespace

LiveSortProxy::LiveSortProxy(QObject *parent)
    : QAbstractProxyModel(parent)
{
    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(0);
    connect(&m_applyTimer, &QTimer::timeout, this, &LiveSortProxy::applyPendingChanges);
}

void LiveSortProxy::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(source);
    if (source) {
        m_connections << connect(source, &QAbstractItemModel::dataChanged, this,
                                 &LiveSortProxy::onDataChanged)
                      << connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this,
                                 &LiveSortProxy::applyPendingChanges)
                      << connect(source, &QAbstractItemModel::rowsInserted, this,
                                 &LiveSortProxy::onRowsInserted)
                      << connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                                 &LiveSortProxy::onRowsAboutToBeRemoved)
                      << connect(source, &QAbstractItemModel::rowsRemoved, this,
                                 &LiveSortProxy::onRowsRemoved)
                      << connect(source, &QAbstractItemModel::modelAboutToBeReset, this,
                                 &LiveSortProxy::beginResetModel)
                      << connect(source, &QAbstractItemModel::modelReset, this,
                                 [this] {
                                     rebuild();
                                     endResetModel();
                                 })
                      << connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this,
                                 &LiveSortProxy::beginResetModel)
                      << connect(source, &QAbstractItemModel::layoutChanged, this, [this] {
                             rebuild();
                             endResetModel();
                         });
        if (auto *live = qobject_cast<LiveTableModel *>(source))
            m_connections << connect(live, &LiveTableModel::flushed, this,
                                     &LiveSortProxy::applyPendingChanges);
    }
    rebuild();
    endResetModel();
}

void LiveSortProxy::setSortRole(int role)
{
    if (role == m_sortRole)
        return;
    m_sortRole = role;
    const int column = m_sortColumn;
    m_sortColumn = -2; // force a re-sort
    sort(column, m_order);
}

void LiveSortProxy::setFilterFixedString(const QString &text)
{
    if (text == m_filter)
        return;
    applyPendingChanges();
    m_filter = text;
    std::vector<int> hide, show;
    for (int row = 0; row < int(m_sourceToProxy.size()); ++row) {
        const bool shown = m_sourceToProxy[size_t(row)] >= 0;
        const bool accepted = accepts(row);
        if (shown && !accepted)
            hide.push_back(row);
        else if (!shown && accepted)
            show.push_back(row);
    }
    hideRows(hide);
    showRows(std::move(show));
}

LiveSortProxy::Key LiveSortProxy::keyOf(int sourceRow) const
{
    Key key;
    if (m_sortColumn < 0 || !sourceModel())
        return key;
    const QVariant v = sourceModel()->index(sourceRow, m_sortColumn).data(m_sortRole);
    switch (v.typeId()) {
    case QMetaType::UnknownType:
        return key;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::Bool:
        key.kind = 0;
        key.number = v.toDouble();
        return key;
    case QMetaType::QDateTime:
        key.kind = 0;
        key.number = double(v.toDateTime().toMSecsSinceEpoch());
        return key;
    default:
        key.kind = 1;
        key.text = v.toString();
        return key;
    }
}

bool LiveSortProxy::accepts(int sourceRow) const
{
    if (m_filter.isEmpty())
        return true;
    const QAbstractItemModel *source = sourceModel();
    for (int column = 0; column < source->columnCount(); ++column)
        if (source->index(sourceRow, column)
                .data()
                .toString()
                .contains(m_filter, Qt::CaseInsensitive))
            return true;
    return false;
}

bool LiveSortProxy::less(int a, int b) const
{
    const Key &ka = m_keys[size_t(a)];
    const Key &kb = m_keys[size_t(b)];
    int cmp = 0;
    if (ka.kind != kb.kind)
        cmp = ka.kind == 2 ? -1 : kb.kind == 2 ? 1 : ka.kind - kb.kind;
    else if (ka.kind == 0)
        cmp = ka.number < kb.number ? -1 : kb.number < ka.number ? 1 : 0;
    else if (ka.kind == 1)
        cmp = ka.text.compare(kb.text, Qt::CaseInsensitive);
    if (cmp == 0)
        return a < b; // ties keep the source order, in both directions: a stable sort
    return m_order == Qt::AscendingOrder ? cmp < 0 : cmp > 0;
}

void LiveSortProxy::rebuild()
{
    m_dirty.clear();
    m_removed.clear();
    const int rows = sourceModel() ? sourceModel()->rowCount() : 0;
    m_isDirty.assign(size_t(rows), 0);
    m_keys.resize(size_t(rows));
    m_proxyToSource.clear();
    for (int row = 0; row < rows; ++row) {
        m_keys[size_t(row)] = keyOf(row);
        if (accepts(row))
            m_proxyToSource.push_back(row);
    }
    std::sort(m_proxyToSource.begin(), m_proxyToSource.end(),
              [this](int a, int b) { return less(a, b); });
    reindex();
}

void LiveSortProxy::reindex()
{
    m_sourceToProxy.assign(m_keys.size(), -1);
    for (size_t p = 0; p < m_proxyToSource.size(); ++p)
        if (m_proxyToSource[p] >= 0)
            m_sourceToProxy[size_t(m_proxyToSource[p])] = int(p);
}

void LiveSortProxy::compactRemovals()
{
    if (m_removed.empty())
        return;
    std::vector<int> newRow(m_keys.size(), 0);
    for (const auto &[first, last] : m_removed)
        std::fill(newRow.begin() + first, newRow.begin() + last + 1, -1);
    m_removed.clear();
    int kept = 0;
    for (size_t row = 0; row < newRow.size(); ++row) {
        if (newRow[row] < 0)
            continue;
        newRow[row] = kept;
        if (size_t(kept) != row) {
            m_keys[size_t(kept)] = std::move(m_keys[row]);
            m_isDirty[size_t(kept)] = m_isDirty[row];
        }
        ++kept;
    }
    m_keys.resize(size_t(kept));
    m_isDirty.resize(size_t(kept));
    for (int &row : m_proxyToSource)
        if (row >= 0) // dead rows (-1) stay dead
            row = newRow[size_t(row)];
    for (int &row : m_dirty)
        row = newRow[size_t(row)];
    reindex();
}

void LiveSortProxy::finalizeRemovals()
{
    if (m_dead == 0)
        return;
    m_dead = 0;
    std::vector<int> dead;
    for (size_t p = 0; p < m_proxyToSource.size(); ++p)
        if (m_proxyToSource[p] < 0)
            dead.push_back(int(p));
    removeProxyRows(dead);
}

void LiveSortProxy::removeProxyRows(const std::vector<int> &positions)
{
    const auto runs = runsOf(positions);
    if (runs.size() <= kFewRuns) {
        for (auto it = runs.crbegin(); it != runs.crend(); ++it) {
            beginRemoveRows({}, it->first, it->second);
            m_proxyToSource.erase(m_proxyToSource.begin() + it->first,
                                  m_proxyToSource.begin() + it->second + 1);
            reindex();
            endRemoveRows();
        }
        return;
    }
    // Gather the rows at the bottom in one layout change, then remove them at once.
    const size_t count = m_proxyToSource.size();
    std::vector<char> going(count, 0);
    for (const int p : positions)
        going[size_t(p)] = 1;
    std::vector<int> order, newPosition(count);
    order.reserve(count);
    for (const char gone : {0, 1})
        for (size_t p = 0; p < count; ++p)
            if (going[p] == gone) {
                newPosition[p] = int(order.size());
                order.push_back(m_proxyToSource[p]);
            }
    const int kept = int(count - positions.size());
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    m_proxyToSource = std::move(order);
    reindex();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &index : before)
        after << this->index(newPosition[size_t(index.row())], index.column());
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    beginRemoveRows({}, kept, int(count) - 1);
    m_proxyToSource.resize(size_t(kept));
    reindex();
    endRemoveRows();
}

void LiveSortProxy::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_order)
        return;
    applyPendingChanges();
    m_sortColumn = column;
    m_order = order;
    if (!sourceModel())
        return;
    for (size_t row = 0; row < m_keys.size(); ++row)
        m_keys[row] = keyOf(int(row));
    std::vector<int> order2 = m_proxyToSource;
    std::sort(order2.begin(), order2.end(), [this](int a, int b) { return less(a, b); });
    relayout(std::move(order2));
}

void LiveSortProxy::relayout(std::vector<int> order)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<int> sources;
    sources.reserve(size_t(before.size()));
    for (const QModelIndex &index : before)
        sources.push_back(m_proxyToSource[size_t(index.row())]);
    m_proxyToSource = std::move(order);
    reindex();
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        after << index(m_sourceToProxy[size_t(sources[size_t(i)])], before[i].column());
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void LiveSortProxy::replace(std::vector<int> rows)
{
    // Take the rows out (the rest stays sorted: its keys did not change), sort them among
    // themselves and merge them back: O(n + k log k) rather than a full sort or k moves.
    std::vector<char> moving(m_keys.size(), 0);
    for (const int row : rows)
        moving[size_t(row)] = 1;
    std::vector<int> rest;
    rest.reserve(m_proxyToSource.size());
    for (const int row : m_proxyToSource)
        if (!moving[size_t(row)])
            rest.push_back(row);
    std::sort(rows.begin(), rows.end(), [this](int a, int b) { return less(a, b); });
    relayout(merged(rest.cbegin(), rest.cend(), rows));
}

std::vector<int> LiveSortProxy::merged(std::vector<int>::const_iterator from,
                                       std::vector<int>::const_iterator end,
                                       const std::vector<int> &rows) const
{
    // std::merge's result, with a search per row merged in instead of a comparison per row
    // kept: O(k log(n/k)) key lookups (scattered in memory) and plain copies of the runs
    // between. The search gallops from the last place: rows spread over the table land a few
    // dozen rows apart, so most probes stay near it.
    const auto lessFn = [this](int a, int b) { return less(a, b); };
    std::vector<int> order;
    order.reserve(size_t(end - from) + rows.size());
    for (const int row : rows) {
        auto low = from, high = from;
        std::ptrdiff_t step = 1;
        while (high != end && !less(row, *high)) {
            low = high + 1;
            high = end - high > step ? high + step : end;
            step *= 2;
        }
        const auto to = std::upper_bound(low, high, row, lessFn);
        order.insert(order.end(), from, to);
        order.push_back(row);
        from = to;
    }
    order.insert(order.end(), from, end);
    return order;
}

void LiveSortProxy::hideRows(const std::vector<int> &sourceRows)
{
    std::vector<int> positions;
    positions.reserve(sourceRows.size());
    for (const int row : sourceRows)
        positions.push_back(m_sourceToProxy[size_t(row)]);
    removeProxyRows(positions);
}

void LiveSortProxy::showRows(std::vector<int> sourceRows)
{
    if (sourceRows.empty())
        return;
    const auto lessFn = [this](int a, int b) { return less(a, b); };
    std::sort(sourceRows.begin(), sourceRows.end(), lessFn);
    if (sourceRows.size() <= kFewRuns) {
        for (const int row : sourceRows) {
            const auto at =
                std::lower_bound(m_proxyToSource.begin(), m_proxyToSource.end(), row, lessFn);
            const int position = int(at - m_proxyToSource.begin());
            beginInsertRows({}, position, position);
            m_proxyToSource.insert(m_proxyToSource.begin() + position, row);
            reindex();
            endInsertRows();
        }
        return;
    }
    // Append them in one insert, then merge them into place in one layout change.
    const int first = int(m_proxyToSource.size());
    beginInsertRows({}, first, first + int(sourceRows.size()) - 1);
    m_proxyToSource.insert(m_proxyToSource.end(), sourceRows.begin(), sourceRows.end());
    reindex();
    endInsertRows();
    if (first == 0 || less(m_proxyToSource[size_t(first) - 1], m_proxyToSource[size_t(first)]))
        return; // already in place
    // Merged by a search per new row, not std::inplace_merge's comparison per row (50,000).
    relayout(merged(m_proxyToSource.cbegin(), m_proxyToSource.cbegin() + first, sourceRows));
}

void LiveSortProxy::emitChanged(const std::vector<int> &sourceRows)
{
    std::vector<int> proxyRows;
    proxyRows.reserve(sourceRows.size());
    for (const int row : sourceRows)
        if (m_sourceToProxy[size_t(row)] >= 0)
            proxyRows.push_back(m_sourceToProxy[size_t(row)]);
    if (proxyRows.empty())
        return;
    const int lastColumn = columnCount() - 1;
    const auto runs = runsOf(std::move(proxyRows));
    if (runs.size() > kManyRuns) {
        Q_EMIT dataChanged(index(runs.front().first, 0), index(runs.back().second, lastColumn),
                           m_changedRoles);
        return;
    }
    for (const auto &[first, last] : runs)
        Q_EMIT dataChanged(index(first, 0), index(last, lastColumn), m_changedRoles);
}

void LiveSortProxy::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                  const QList<int> &roles)
{
    if (topLeft.parent().isValid())
        return;
    compactRemovals();
    if (roles.isEmpty()) {
        m_allRoles = true;
    } else {
        for (const int role : roles)
            if (!m_changedRoles.contains(role))
                m_changedRoles.append(role);
    }
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        if (!m_isDirty[size_t(row)]) {
            m_isDirty[size_t(row)] = 1;
            m_dirty.push_back(row);
        }
    }
    if (!m_applyTimer.isActive())
        m_applyTimer.start();
}

void LiveSortProxy::applyPendingChanges()
{
    m_applyTimer.stop();
    compactRemovals();
    finalizeRemovals();
    applyChanges();
}

void LiveSortProxy::applyChanges()
{
    if (m_dirty.empty())
        return;
    const std::vector<int> dirty = std::exchange(m_dirty, {});
    std::vector<int> hide, show, changed;
    for (const int row : dirty) {
        m_isDirty[size_t(row)] = 0;
        m_keys[size_t(row)] = keyOf(row);
        const bool shown = m_sourceToProxy[size_t(row)] >= 0;
        const bool accepted = accepts(row);
        if (shown && !accepted)
            hide.push_back(row);
        else if (!shown && accepted)
            show.push_back(row);
        else if (shown)
            changed.push_back(row);
    }
    hideRows(hide);
    // Sorted iff every neighbouring pair is: only the pairs around changed rows can be out.
    const int count = int(m_proxyToSource.size());
    bool ordered = true;
    for (const int row : changed) {
        const int p = m_sourceToProxy[size_t(row)];
        if ((p > 0 && !less(m_proxyToSource[size_t(p) - 1], row)) ||
            (p + 1 < count && !less(row, m_proxyToSource[size_t(p) + 1]))) {
            ordered = false;
            break;
        }
    }
    if (!ordered)
        replace(changed);
    showRows(std::move(show));
    if (m_allRoles)
        m_changedRoles.clear();
    emitChanged(changed);
    m_changedRoles.clear();
    m_allRoles = false;
}

void LiveSortProxy::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (!m_dirty.empty())
        applyPendingChanges();
    if (!m_removed.empty() && last >= m_removed.back().first)
        compactRemovals(); // not below the rows removed so far: their numbering would mix
    // A source removing scattered rows does so one run at a time; each its own removal here
    // would cost the views one relayout per run. The rows die now (they show nothing) and go
    // together when the batch is over.
    for (int row = first; row <= last; ++row) {
        const int p = m_sourceToProxy[size_t(row)];
        if (p >= 0) {
            m_proxyToSource[size_t(p)] = -1;
            m_sourceToProxy[size_t(row)] = -1;
            ++m_dead;
        }
    }
    if (m_dead > 0 && !m_applyTimer.isActive())
        m_applyTimer.start();
}

void LiveSortProxy::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    m_removed.emplace_back(first, last); // the arrays catch up at compactRemovals()
}

void LiveSortProxy::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    compactRemovals();
    const int count = last - first + 1;
    for (int &row : m_proxyToSource)
        if (row >= first)
            row += count;
    m_keys.insert(m_keys.begin() + first, size_t(count), Key{});
    m_isDirty.insert(m_isDirty.begin() + first, size_t(count), 0);
    std::vector<int> show;
    for (int row = first; row <= last; ++row) {
        m_keys[size_t(row)] = keyOf(row);
        if (accepts(row))
            show.push_back(row);
    }
    reindex();
    showRows(std::move(show));
}

QModelIndex LiveSortProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex LiveSortProxy::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex LiveSortProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int LiveSortProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_proxyToSource.size());
}

int LiveSortProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

bool LiveSortProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0;
}

QModelIndex LiveSortProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    // Asked between two removals of a source's batch: the numbers must be the source's now.
    const_cast<LiveSortProxy *>(this)->compactRemovals();
    if (!proxyIndex.isValid() || !sourceModel() || proxyIndex.row() >= rowCount() ||
        m_proxyToSource[size_t(proxyIndex.row())] < 0) // removed at the source, going here
        return {};
    return sourceModel()->index(m_proxyToSource[size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex LiveSortProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    const_cast<LiveSortProxy *>(this)->compactRemovals();
    if (!sourceIndex.isValid() || sourceIndex.parent().isValid() ||
        size_t(sourceIndex.row()) >= m_sourceToProxy.size())
        return {};
    return index(m_sourceToProxy[size_t(sourceIndex.row())], sourceIndex.column());
}

QVariant LiveSortProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && sourceModel())
        return sourceModel()->headerData(section, orientation, role);
    return QAbstractItemModel::headerData(section, orientation, role);
}

} // namespace gantry
