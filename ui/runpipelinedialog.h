// "Run a pipeline…": choose a config.yml, optionally name the workflow, submit it to gantryd, and
// read gantryd's answer (the new job ids, or the line of config.yml that is wrong) in place.
#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace gantry {

class FleetActions;

class RunPipelineDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunPipelineDialog)
public:
    explicit RunPipelineDialog(FleetActions *actions, QWidget *parent = nullptr);

    // Loads a file as if chosen with Browse…; false (and the reason shown) when unreadable.
    bool loadFile(const QString &path);
    void submit();
    QLineEdit *workflowEdit() const { return m_workflow; }
    QString resultText() const;
    QStringList submittedJobIds() const { return m_jobIds; }

private:
    void browse();

    FleetActions *m_actions;
    QLineEdit *m_path;
    QLineEdit *m_workflow;
    QPlainTextEdit *m_preview;
    QLabel *m_result;
    QDialogButtonBox *m_buttons;
    QPushButton *m_run;
    QByteArray m_config;
    QStringList m_jobIds;
    bool m_inFlight = false;
};

} // namespace gantry
