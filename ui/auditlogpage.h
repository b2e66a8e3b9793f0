// The Audit log page: the filter bar, the windowed table of events (newest first, paged from
// gantryd as one scrolls either way), the count of the filter, "N new events", "Jump to time…",
// the selected event's details and "Export CSV…" of exactly the current filter.
#pragma once

#include <QWidget>
#include <functional>

class QLabel;
class QPushButton;
class QTableView;

namespace gantry {

class AuditDetailPane;
class AuditExport;
class AuditFilterBar;
class AuditTableModel;

class AuditLogPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditLogPage)
public:
    // Asks for the export file name; default: a save dialog. Empty: cancelled.
    using AskFileName = std::function<QString()>;

    AuditLogPage(AuditTableModel *model, AuditExport *exporter, QWidget *parent = nullptr);

    AuditFilterBar *filterBar() const { return m_filterBar; }
    QTableView *view() const { return m_view; }
    AuditDetailPane *details() const { return m_details; }
    QPushButton *newEventsButton() const { return m_newEvents; }
    QPushButton *exportButton() const { return m_export; }
    QPushButton *jumpButton() const { return m_jump; }
    QString countText() const;
    void setAskFileName(AskFileName ask) { m_askFileName = std::move(ask); }

    void applyFilter();
    void jumpTo(const QDateTime &time);
    void selectRow(int row);
    // Opens the export dialog for the current filter (non-modal; returns it, or null when the
    // admin gave no file).
    class AuditExportDialog *exportCsv();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void askJump();
    void updateCount();
    void updateSelection();
    void onScrolled();

    AuditTableModel *m_model;
    AuditExport *m_exporter;
    AuditFilterBar *m_filterBar;
    QTableView *m_view;
    AuditDetailPane *m_details;
    QLabel *m_count;
    QPushButton *m_newEvents;
    QPushButton *m_jump;
    QPushButton *m_export;
    AskFileName m_askFileName;
    int m_topAnchor = 0; // the first visible row before rows shift at the top
};

} // namespace gantry
