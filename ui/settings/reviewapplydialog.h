// Lists every unsaved change (path, old → new; secrets only as "changed") and applies them:
// progress while gantryd stages and applies, the new version number, or gantryd's errors
// verbatim with the fields to fix.
#pragma once

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace gantry {

class SettingsViewModel;

class ReviewApplyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewApplyDialog)
public:
    explicit ReviewApplyDialog(SettingsViewModel *model, QWidget *parent = nullptr);

    QTreeWidget *changes() const { return m_changes; }
    QPushButton *applyButton() const { return m_apply; }
    QString resultText() const;
    int appliedVersion() const { return m_appliedVersion; }

Q_SIGNALS:
    // After a failed apply: the first field to show the admin.
    void showField(const QString &path);

private:
    void fill();

    SettingsViewModel *m_model;
    QTreeWidget *m_changes;
    QLabel *m_summary;
    QProgressBar *m_progress;
    QLabel *m_result;
    QPushButton *m_apply;
    QPushButton *m_close;
    QPushButton *m_showField;
    int m_appliedVersion = 0;
};

} // namespace gantry
