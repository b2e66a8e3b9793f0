#include "livetablemodel.h"

#include <QCborMap>

#include <algorithm>

namespace gantry {

LiveTableModel::LiveTableModel(QList<Column> columns, QString idKey, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(std::move(columns))
    , m_idKey(std::move(idKey))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &LiveTableModel::flush);
}

int LiveTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size()) - m_goneCount;
}

int LiveTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant LiveTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &row = m_rows[size_t(stored(index.row()))];
    const Column &column = m_columns[index.column()];
    switch (role) {
    case Qt::DisplayRole:
        return column.display(row);
    case SortRole:
        return column.sortValue ? column.sortValue(row) : column.display(row);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(column.alignment);
    case IdRole:
        return row.value(m_idKey).toString();
    case RecordRole:
        return row;
    default:
        return {};
    }
}

QVariant LiveTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return {};
    if (role == Qt::DisplayRole)
        return m_columns[section].header;
    // Headers line up with their values: numbers right, text left.
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(m_columns[section].alignment);
    if (role == Qt::ToolTipRole && !m_columns[section].toolTip.isEmpty())
        return m_columns[section].toolTip;
    return {};
}

void LiveTableModel::schedule()
{
    if (!m_timer.isActive())
        m_timer.start();
}

void LiveTableModel::upsert(const QJsonObject &record)
{
    upsert(record.value(m_idKey).toString(), record);
}

void LiveTableModel::upsert(const QString &id, const QJsonObject &record)
{
    m_pending.push_back({id, record, false});
    schedule();
}

void LiveTableModel::remove(const QString &id)
{
    m_pending.push_back({id, {}, true});
    schedule();
}

void LiveTableModel::replaceAll(const QList<QJsonObject> &records)
{
    QList<std::pair<QString, QJsonObject>> keyed;
    keyed.reserve(records.size());
    for (const QJsonObject &r : records)
        keyed.append({r.value(m_idKey).toString(), r});
    replaceAll(keyed);
}

void LiveTableModel::replaceAll(const QList<std::pair<QString, QJsonObject>> &records)
{
    compactRemoved(); // called from a removal's signal: the rows left, not the ones going
    QSet<QString> keep;
    keep.reserve(records.size());
    for (const auto &[id, record] : records) {
        keep.insert(id);
        upsert(id, record);
    }
    for (const QJsonObject &existing : m_rows) {
        const QString id = existing.value(m_idKey).toString();
        if (!keep.contains(id))
            remove(id);
    }
}

bool LiveTableModel::sameRecord(const QJsonObject &a, const QJsonObject &b)
{
    // QJsonObject's operator== makes two QCborValues per field (reference counts on both
    // records) to compare them; QCborMap, sharing the same containers, compares their elements
    // directly with the same function: the same answer, a quarter less time on 1,000 records
    // scattered in memory (tests/bench/README.md, third round).
    return QCborMap::fromJsonObject(a) == QCborMap::fromJsonObject(b);
}

int LiveTableModel::stored(int row) const
{
    // Runs removed in this flush are still stored; walk them from the lowest up.
    for (auto run = m_gone.crbegin(); run != m_gone.crend() && row >= run->first; ++run)
        row += run->second - run->first + 1;
    return row;
}

int LiveTableModel::shown(int storedRow) const
{
    int row = storedRow;
    for (const auto &[first, last] : m_gone)
        if (storedRow > last)
            row -= last - first + 1;
    return row;
}

void LiveTableModel::compactRemoved()
{
    if (m_gone.empty())
        return;
    const int lowest = m_gone.back().first;
    size_t to = size_t(lowest), from = to;
    const auto keep = [&](size_t end) {
        for (; from < end; ++from, ++to) {
            m_rows[to] = std::move(m_rows[from]);
            m_slotOfRow[to] = m_slotOfRow[from];
        }
    };
    for (auto run = m_gone.crbegin(); run != m_gone.crend(); ++run) {
        keep(size_t(run->first));
        from = size_t(run->second) + 1;
    }
    keep(m_rows.size());
    m_rows.erase(m_rows.begin() + qsizetype(to), m_rows.end());
    m_slotOfRow.resize(to);
    m_gone.clear();
    m_goneCount = 0;
    reindexFrom(lowest);
}

void LiveTableModel::reindexFrom(int row)
{
    for (int r = row; r < int(m_rows.size()); ++r)
        m_rowOfSlot[size_t(m_slotOfRow[size_t(r)])] = r;
}

void LiveTableModel::flush()
{
    m_timer.stop();
    compactRemoved(); // a flush from a removal's signal: the rows left, numbered as they are
    if (m_pending.empty())
        return;
    // Taken whole: a slot connected to the signals below may queue changes again.
    std::vector<Change> pending = std::exchange(m_pending, {});
    // Collapse the queue to the last word per id, in the order of those last words. Ids shown
    // already are looked up once and collapsed by slot (an array); only new ids need a hash.
    const size_t count = pending.size();
    std::vector<int> slotOfChange(count, -1);
    // Per slot, kept between flushes (only the slots of this queue are written, and read), so
    // a flush of 1,000 changes does not clear an entry for each of 50,000 rows.
    m_lastOfSlot.resize(m_rowOfSlot.size());
    std::vector<size_t> &lastOfSlot = m_lastOfSlot;
    QHash<QString, size_t> lastOfNew;
    for (size_t i = 0; i < count; ++i) {
        const auto it = m_index.constFind(pending[i].id);
        if (it == m_index.cend()) {
            lastOfNew.insert(pending[i].id, i);
        } else {
            slotOfChange[i] = *it;
            lastOfSlot[size_t(*it)] = i;
        }
    }
    std::vector<int> removals;
    std::vector<int> changedRows;
    std::vector<Change *> inserts;
    for (size_t i = 0; i < count; ++i) {
        Change &c = pending[i];
        const int slot = slotOfChange[i];
        if (slot >= 0 ? lastOfSlot[size_t(slot)] != i : lastOfNew.value(c.id) != i)
            continue;
        const int row = slot >= 0 ? m_rowOfSlot[size_t(slot)] : -1;
        if (c.removal) {
            if (row >= 0)
                removals.push_back(row);
        } else if (row >= 0) {
            if (!sameRecord(m_rows[size_t(row)], c.record)) {
                m_rows[size_t(row)] = std::move(c.record);
                changedRows.push_back(row);
            }
        } else {
            inserts.push_back(&c);
        }
    }

    // Changes: contiguous runs become one dataChanged each.
    std::sort(changedRows.begin(), changedRows.end());
    const QList<int> roles{Qt::DisplayRole, SortRole, RecordRole};
    for (size_t i = 0; i < changedRows.size();) {
        size_t j = i;
        while (j + 1 < changedRows.size() && changedRows[j + 1] == changedRows[j] + 1)
            ++j;
        Q_EMIT dataChanged(index(changedRows[i], 0),
                           index(changedRows[j], int(m_columns.size()) - 1), roles);
        i = j + 1;
    }
    // Removals: from the bottom up, contiguous runs at once. The rows stay stored until the
    // last run is gone (stored()/shown() number around them meanwhile), then go in one pass:
    // erasing and renumbering 50,000 rows per run cost a mixed batch about a millisecond.
    std::sort(removals.begin(), removals.end(), std::greater<>());
    for (size_t i = 0; i < removals.size();) {
        size_t j = i;
        while (j + 1 < removals.size() && removals[j + 1] == removals[j] - 1)
            ++j;
        const int first = removals[j], lastRow = removals[i];
        beginRemoveRows({}, first, lastRow);
        for (int r = first; r <= lastRow; ++r) {
            m_index.remove(m_rows[size_t(r)].value(m_idKey).toString());
            m_freeSlots.push_back(m_slotOfRow[size_t(r)]);
        }
        // Below every run gone so far: its numbers are the stored ones.
        m_gone.emplace_back(first, lastRow);
        m_goneCount += lastRow - first + 1;
        endRemoveRows();
        i = j + 1;
    }
    compactRemoved();
    // Inserts: appended in one batch.
    if (!inserts.empty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(inserts.size()) - 1);
        for (Change *c : inserts) {
            int slot;
            if (m_freeSlots.empty()) {
                slot = int(m_rowOfSlot.size());
                m_rowOfSlot.push_back(0);
            } else {
                slot = m_freeSlots.back();
                m_freeSlots.pop_back();
            }
            m_rowOfSlot[size_t(slot)] = int(m_rows.size());
            m_slotOfRow.push_back(slot);
            m_index.insert(c->id, slot); // the id as given: a JobsModel shares it with its tables
            m_rows.push_back(std::move(c->record));
        }
        endInsertRows();
    }
    Q_EMIT flushed(int(inserts.size()), int(changedRows.size()), int(removals.size()));
}

} // namespace gantry
