// Runs one of gantryd's checks with the unsaved settings: asks for what the check needs (a test
// user, a host name, a URL), shows progress, each step with a tick or a cross and its message,
// and cancels on request.
#pragma once

#include "settingschecks.h"

#include <QDialog>
#include <QHash>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QListWidget;

namespace gantry {

class CheckRunDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckRunDialog)
public:
    using Runner = std::function<void(const QHash<QString, QString> &inputs)>;

    CheckRunDialog(SettingsChecks *checks, SettingsChecks::Kind kind, const QString &title,
                   const QString &intro, QWidget *parent = nullptr);

    // An input asked before the check runs; `key` names it for the runner.
    void addInput(const QString &key, const QString &label, const QString &value = {},
                  bool password = false);
    void setRunner(Runner runner) { m_runner = std::move(runner); }
    QLineEdit *input(const QString &key) const { return m_inputs.value(key); }
    QListWidget *steps() const { return m_steps; }
    QPushButton *runButton() const { return m_run; }
    QString resultText() const;

    void run();

private:
    void setRunning(bool running);
    void showSteps(bool ok, const QList<CheckStep> &steps);

    SettingsChecks *m_checks;
    SettingsChecks::Kind m_kind;
    Runner m_runner;
    QFormLayout *m_form;
    QHash<QString, QLineEdit *> m_inputs;
    QProgressBar *m_progress;
    QListWidget *m_steps;
    QLabel *m_result;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QDialogButtonBox *m_buttons;
};

} // namespace gantry
