// One setting on a generated page: the editor its schema type calls for, its label with a
// required mark, help text, gantryd's errors under it, secrets masked, write-once locks.
#pragma once

#include "settingsformschema.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QStackedWidget;

namespace gantry {

class SettingsListEditor;
class SettingsViewModel;

class SettingsField final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsField)
public:
    SettingsField(SettingsViewModel *model, const SettingsItemSpec &spec,
                  QWidget *parent = nullptr);

    const SettingsItemSpec &spec() const { return m_spec; }
    QLabel *label() const { return m_label; } // the form's left column
    QWidget *editor() const { return m_editor; }
    SettingsListEditor *listEditor() const;

    void refresh();       // value, secret state, lock, required mark
    void refreshErrors(); // gantryd's messages for this path
    void focusEditor();

private:
    QWidget *buildEditor();
    QWidget *buildSecret();
    QWidget *buildFile();
    void chooseFile();
    void updateEditable();
    void updateFileSummary();

    SettingsViewModel *m_model;
    SettingsItemSpec m_spec;
    QLabel *m_label;
    QWidget *m_editor = nullptr;
    QLabel *m_help;
    QLabel *m_error;
    QLabel *m_lock;
    // secrets: page 0 shows "•••• (set)" / "not set" / "will be cleared", page 1 the entry
    QStackedWidget *m_secretStack = nullptr;
    QLabel *m_secretLabel = nullptr;
    QLineEdit *m_secretEdit = nullptr;
    QLabel *m_fileSummary = nullptr;
    QList<QWidget *> m_controls; // enabled only for admins and unlocked items
};

} // namespace gantry
