// The audit browser's filter bar: time range (presets or a custom range), action (with completion
// from the known actions), actor, target, success and free text. Enter in any field or "Apply"
// applies it; problems are said next to the fields.
#pragma once

#include "auditfilter.h"

#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;

namespace gantry {

class AuditFilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditFilterBar)
public:
    explicit AuditFilterBar(QWidget *parent = nullptr);

    AuditFilter filter() const;
    void setFilter(const AuditFilter &filter);
    void setProblems(const QStringList &problems); // empty: hides the message
    QString problemsText() const;

    QComboBox *rangeBox() const { return m_range; }
    QDateTimeEdit *sinceEdit() const { return m_since; }
    QDateTimeEdit *untilEdit() const { return m_until; }
    QLineEdit *actionEdit() const { return m_action; }
    QLineEdit *actorEdit() const { return m_actor; }
    QLineEdit *targetEdit() const { return m_target; }
    QComboBox *successBox() const { return m_success; }
    QLineEdit *textEdit() const { return m_text; }
    QPushButton *applyButton() const { return m_apply; }

Q_SIGNALS:
    void applyRequested();

private:
    void updateCustomRange();

    QComboBox *m_range;
    QDateTimeEdit *m_since;
    QDateTimeEdit *m_until;
    QLineEdit *m_action;
    QLineEdit *m_actor;
    QLineEdit *m_target;
    QComboBox *m_success;
    QLineEdit *m_text;
    QPushButton *m_apply;
    QPushButton *m_clear;
    QLabel *m_problems;
};

} // namespace gantry
