// Drains one node or a selection: a deadline from presets (1 h … 1 d) or custom, no deadline, or
// force; ignore system jobs; and one sentence that says what happens to the running allocations
// before the admin confirms.
#pragma once

#include "fleetactions.h"

#include <QDialog>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace gantry {

class DrainDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DrainDialog)
public:
    // `nodes`: the records of the nodes to drain (as NodesModel::RecordRole gives them).
    explicit DrainDialog(const QList<QJsonObject> &nodes, QWidget *parent = nullptr);

    DrainRequest request() const;
    QString consequenceText() const;

    // For tests and for keyboard users' muscle memory: the controls by role.
    QComboBox *presets() const { return m_presets; }
    QRadioButton *deadlineButton() const { return m_deadline; }
    QRadioButton *noDeadlineButton() const { return m_noDeadline; }
    QRadioButton *forceButton() const { return m_force; }
    QCheckBox *ignoreSystemJobsBox() const { return m_ignoreSystem; }
    QSpinBox *customValue() const { return m_customValue; }
    QComboBox *customUnit() const { return m_customUnit; }
    QPushButton *confirmButton() const;

private:
    void update();
    qint64 deadlineSeconds() const;

    QList<QJsonObject> m_nodes;
    int m_running = 0;
    QRadioButton *m_deadline;
    QRadioButton *m_noDeadline;
    QRadioButton *m_force;
    QComboBox *m_presets;
    QSpinBox *m_customValue;
    QComboBox *m_customUnit;
    QCheckBox *m_ignoreSystem;
    QLabel *m_consequence;
    QDialogButtonBox *m_buttons;
};

} // namespace gantry
