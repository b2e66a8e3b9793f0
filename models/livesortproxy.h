// A sorting and filtering proxy for live tables that stays cheap when many rows change at once:
// sort keys are cached per source row, a batch of changes that keeps the order is forwarded as
// dataChanged only, and one that breaks it re-places just the changed rows (taken out, sorted
// among themselves, merged back) inside one layoutAboutToBeChanged/layoutChanged with
// VerticalSortHint, so persistent indexes (selection, current row) follow their rows. A plain
// QSortFilterProxyModel with dynamic sorting removes and re-inserts every changed row one by one,
// which costs hundreds of milliseconds per 1,000 changes on 50,000 rows (tests/bench/README.md).
// Rows the source removes run by run are likewise removed here together, once the batch is over.
#pragma once

#include <QAbstractProxyModel>
#include <QTimer>
#include <vector>

namespace gantry {

class LiveSortProxy final : public QAbstractProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveSortProxy)
public:
    explicit LiveSortProxy(QObject *parent = nullptr);

    // A flat source (a table): rows of the root only.
    void setSourceModel(QAbstractItemModel *source) override;
    void setSortRole(int role);
    int sortRole() const { return m_sortRole; }
    // Rows whose display text contains `text` in any column (case-insensitive); empty: all rows.
    void setFilterFixedString(const QString &text);
    QString filterText() const { return m_filter; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_order; }
    // Source changes are re-placed when the source says its batch is done (a LiveTableModel's
    // flushed), before any structural change, or at the next event-loop turn.
    void applyPendingChanges();

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Key
    {
        int kind = 2; // 0 number, 1 text, 2 none (sorts first)
        double number = 0;
        QString text;
    };
    Key keyOf(int sourceRow) const;
    bool accepts(int sourceRow) const;
    bool less(int a, int b) const; // source rows, in the current order
    void rebuild();                // from scratch: a new sort or filter
    void reindex();                // m_sourceToProxy from m_proxyToSource
    void applyChanges();           // the dirty rows
    void finalizeRemovals();       // the rows removed at the source since the last batch
    // The per-source-row arrays without the rows the source removed since the last call.
    void compactRemovals();
    // Moves the given source rows (all shown) to their sorted places in one layout change.
    void replace(std::vector<int> rows);
    // The sorted run [from, end) with the sorted `rows` merged in.
    std::vector<int> merged(std::vector<int>::const_iterator from,
                            std::vector<int>::const_iterator end,
                            const std::vector<int> &rows) const;
    // One layout change to `order`; persistent indexes follow their source rows.
    void relayout(std::vector<int> order);
    void hideRows(const std::vector<int> &sourceRows);
    // Run by run when they are few runs; else gathered at the bottom in one layout change and
    // removed at once, so a batch costs the views one relayout, not one per run.
    void removeProxyRows(const std::vector<int> &positions);
    void showRows(std::vector<int> sourceRows);
    void emitChanged(const std::vector<int> &sourceRows);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onRowsInserted(const QModelIndex &parent, int first, int last);

    int m_sortRole = Qt::DisplayRole;
    int m_sortColumn = -1;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    QString m_filter;
    std::vector<int> m_proxyToSource; // -1: removed at the source, not yet here
    int m_dead = 0;
    std::vector<int> m_sourceToProxy; // -1: filtered out
    std::vector<Key> m_keys;          // per source row, of the sort column
    std::vector<int> m_dirty;         // source rows changed since the last apply
    std::vector<char> m_isDirty;
    // Source rows removed but still in the arrays above, each run below the ones before it, so
    // all in the numbering of before the first: a source removing bottom-up (LiveTableModel)
    // costs one O(n) pass per batch, not one per run.
    std::vector<std::pair<int, int>> m_removed;
    QList<int> m_changedRoles; // of the pending changes; empty with m_allRoles: every role
    bool m_allRoles = false;
    QList<QMetaObject::Connection> m_connections;
    QTimer m_applyTimer;
};

} // namespace gantry
