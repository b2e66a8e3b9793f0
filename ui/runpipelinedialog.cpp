#include "runpipelinedialog.h"

#include "fleetactions.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace gantry {

namespace {
constexpr qint64 kMaxConfigBytes = 1024 * 1024; // gantryd's body limit for POST /v1/jobs
}

RunPipelineDialog::RunPipelineDialog(FleetActions *actions, QWidget *parent)
    : QDialog(parent)
    , m_actions(actions)
    , m_path(new QLineEdit(this))
    , m_workflow(new QLineEdit(this))
    , m_preview(new QPlainTextEdit(this))
    , m_result(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Run a pipeline"));
    setObjectName(QStringLiteral("runPipelineDialog"));
    m_path->setReadOnly(true);
    m_path->setPlaceholderText(tr("Choose a config.yml…"));
    m_path->setAccessibleName(tr("config.yml file"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    browse->setAccessibleName(tr("Choose a config.yml"));
    m_workflow->setPlaceholderText(tr("the only workflow of the file"));
    m_workflow->setAccessibleName(tr("Workflow"));
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setAccessibleName(tr("config.yml preview"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setAccessibleName(tr("Result"));
    m_run = m_buttons->addButton(tr("&Run"), QDialogButtonBox::AcceptRole);
    m_run->setEnabled(false);

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("&File:"), fileRow);
    form->addRow(tr("&Workflow:"), m_workflow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_result);
    layout->addWidget(m_buttons);
    resize(640, 480);

    connect(browse, &QPushButton::clicked, this, &RunPipelineDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RunPipelineDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString RunPipelineDialog::resultText() const
{
    return m_result->text();
}

void RunPipelineDialog::browse()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose a config.yml"), {},
                                                      tr("CircleCI config (*.yml *.yaml)"));
    if (!path.isEmpty())
        loadFile(path);
}

bool RunPipelineDialog::loadFile(const QString &path)
{
    QFile file(path);
    m_config.clear();
    if (QFileInfo(path).size() > kMaxConfigBytes) {
        m_result->setText(tr("%1 is larger than 1 MiB, more than gantryd accepts.").arg(path));
        m_run->setEnabled(false);
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        m_result->setText(tr("Could not read %1: %2").arg(path, file.errorString()));
        m_run->setEnabled(false);
        return false;
    }
    m_config = file.readAll();
    m_path->setText(path);
    m_preview->setPlainText(QString::fromUtf8(m_config));
    m_result->clear();
    m_run->setEnabled(true);
    return true;
}

void RunPipelineDialog::submit()
{
    if (m_config.isEmpty() || m_inFlight)
        return;
    m_inFlight = true;
    m_result->setStyleSheet({});
    m_result->setText(tr("Submitting…"));
    QPointer<RunPipelineDialog> self(this);
    m_actions->submitPipeline(
        m_config, m_workflow->text().trimmed(), [self](const SubmitResult &r) {
            if (!self)
                return;
            self->m_inFlight = false;
            if (!r.ok) {
                self->m_result->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
                self->m_result->setText(tr("gantryd rejected the pipeline: %1").arg(r.error));
                return;
            }
            self->m_jobIds = r.jobIds;
            self->m_result->setText(tr("Submitted %n job(s).", nullptr, int(r.jobIds.size())));
            self->accept();
        });
}

} // namespace gantry
