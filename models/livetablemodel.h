// A flat table of JSON records kept live from gantryd: O(1) id→row index, changes queued and
// applied in batches (one beginInsertRows per batch, merged dataChanged ranges with explicit
// roles), and snapshots diffed into inserts, removes and changes — never a reset on a routine
// refresh, so selection and scroll position survive. Columns say how to show and sort a field.
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QTimer>
#include <functional>
#include <vector>

namespace gantry {

class LiveTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveTableModel)
public:
    enum Role {
        SortRole = Qt::UserRole + 1, // raw value for sorting (numbers as numbers)
        IdRole,                      // the record's id
        RecordRole,                  // the whole record (QJsonObject)
    };

    struct Column
    {
        QString key;    // stable name, for saved header state and filters
        QString header; // translated
        std::function<QVariant(const QJsonObject &)> display;
        std::function<QVariant(const QJsonObject &)> sortValue; // default: display
        Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter;
        QString toolTip = {};
    };

    explicit LiveTableModel(QList<Column> columns, QString idKey = QStringLiteral("id"),
                            QObject *parent = nullptr);

    // Queued changes, applied at the next flush (timer, or flush()).
    void upsert(const QJsonObject &record);
    void upsert(const QString &id, const QJsonObject &record); // id: the record's, known already
    void remove(const QString &id);
    // A full snapshot (a re-list after a resync): diffed against the current rows.
    void replaceAll(const QList<QJsonObject> &records);
    // The same with each record's id known already (and kept as the index's key).
    void replaceAll(const QList<std::pair<QString, QJsonObject>> &records);
    void flush();
    void setFlushInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    int pendingCount() const { return int(m_pending.size()); }
    // Whether two records are equal, as QJsonObject's operator== says, only faster: an equal
    // record queued again must not signal.
    static bool sameRecord(const QJsonObject &a, const QJsonObject &b);

    int rowOf(const QString &id) const
    {
        const auto it = m_index.constFind(id);
        return it == m_index.cend() ? -1 : shown(m_rowOfSlot[size_t(*it)]);
    }
    QJsonObject record(int row) const { return m_rows.at(size_t(stored(row))); }
    const QList<Column> &columns() const { return m_columns; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    void flushed(int inserted, int changed, int removed);

private:
    struct Change
    {
        QString id;
        QJsonObject record; // empty: remove
        bool removal = false;
    };
    void schedule();
    void reindexFrom(int row);
    // Rows removed during a flush stay stored until its last removal: a row's place in
    // m_rows, and back (identities when nothing is pending removal).
    int stored(int row) const;
    int shown(int storedRow) const;
    void compactRemoved();

    QList<Column> m_columns;
    QString m_idKey;
    std::vector<QJsonObject> m_rows;
    // id → slot, a number that stays with the row while it exists; slot → row is a plain array,
    // so removing rows renumbers ints, not 50,000 hash entries.
    QHash<QString, int> m_index;
    std::vector<int> m_rowOfSlot;
    std::vector<int> m_slotOfRow;
    std::vector<int> m_freeSlots;
    // Runs of stored rows removed in the current flush, each below the ones before it.
    std::vector<std::pair<int, int>> m_gone;
    int m_goneCount = 0;
    std::vector<Change> m_pending;
    std::vector<size_t> m_lastOfSlot; // flush(): the last change queued per slot
    QTimer m_timer;
};

} // namespace gantry
