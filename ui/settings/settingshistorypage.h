// The "Settings" page: where the settings stand (applied version, unsaved changes, Review and
// apply), the applied versions with time, actor and changed settings, a side-by-side diff of any
// two versions, and rollback with a confirmation that says what will change.
#pragma once

#include "settingshistory.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace gantry {

class SettingsViewModel;

class SettingsHistoryPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsHistoryPage)
public:
    SettingsHistoryPage(SettingsViewModel *model, SettingsHistory *history,
                        QWidget *parent = nullptr);

    QTableView *versions() const { return m_versions; }
    QTreeWidget *diff() const { return m_diff; }
    QComboBox *fromBox() const { return m_from; }
    QComboBox *toBox() const { return m_to; }
    QPushButton *rollbackButton() const { return m_rollback; }
    // Asks for confirmation first (what will change); `confirmed` skips that (tests).
    void rollbackTo(int version, bool confirmed = false);

Q_SIGNALS:
    void reviewRequested();

private:
    void fillVersionBoxes();
    void compare();
    void showDiff(int from, int to, const QList<SettingsDiffEntry> &changes);
    void updateSummary();

    SettingsViewModel *m_model;
    SettingsHistory *m_history;
    QLabel *m_summary;
    QPushButton *m_review;
    QTableView *m_versions;
    QComboBox *m_from;
    QComboBox *m_to;
    QTreeWidget *m_diff;
    QLabel *m_diffTitle;
    QPushButton *m_rollback;
    int m_pendingRollback = 0;
    bool m_pendingConfirmed = false;
};

} // namespace gantry
