// A live table as admins expect it: a filter box, sort on any column, a column chooser in the
// header's context menu and behind a "Columns" button (which also sorts, for the keyboard), and
// sort order, widths and visible columns that persist per view (header state in QSettings under
// `settingsKey`). Works on any LiveTableModel.
#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QMenu;
class QToolButton;
class QHeaderView;
class QTableView;

namespace gantry {

class LiveSortProxy;
class LiveTableModel;

class LiveTableView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveTableView)
public:
    LiveTableView(LiveTableModel *model, const QString &settingsKey, QWidget *parent = nullptr);
    ~LiveTableView() override;

    QTableView *view() const { return m_view; }
    QHeaderView *header() const; // the columns' header
    LiveSortProxy *proxy() const { return m_proxy; }
    QLineEdit *filterBox() const { return m_filter; }
    QToolButton *columnsButton() const { return m_columns; }
    // Ids of the selected rows, in view order.
    QStringList selectedIds() const;
    // Shown under the table, e.g. "312 nodes" or "as of 12:04:10 (disconnected)".
    void setStatusText(const QString &text);

    void saveState() const;
    void restoreState();
    void setColumnVisible(const QString &key, bool visible);
    bool isColumnVisible(const QString &key) const;

Q_SIGNALS:
    void selectionChanged();
    void activated(const QString &id);

private:
    void showHeaderMenu(const QPoint &position);
    void fillColumnsMenu(QMenu *menu, bool withSort);

    LiveTableModel *m_model;
    QString m_settingsKey;
    LiveSortProxy *m_proxy;
    QLineEdit *m_filter;
    QToolButton *m_columns;
    QTableView *m_view;
    QLabel *m_status;
    QTimer m_saveTimer;
};

} // namespace gantry
