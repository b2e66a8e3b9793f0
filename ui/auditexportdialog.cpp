#include "auditexportdialog.h"

#include "auditexport.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace gantry {

AuditExportDialog::AuditExportDialog(AuditExport *exporter, const QString &expectedRows,
                                     QWidget *parent)
    : QDialog(parent)
    , m_export(exporter)
    , m_expectedRows(expectedRows)
    , m_file(new QLabel(this))
    , m_status(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Export audit log"));
    setAccessibleName(tr("Export audit log"));
    m_file->setWordWrap(true);
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setAccessibleName(tr("Export status"));
    m_status->setWordWrap(true);
    m_bar->setAccessibleName(tr("Export progress"));
    m_bar->setMinimumWidth(420);
    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        if (m_export->isRunning())
            m_export->cancel();
        else
            reject();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_export, &AuditExport::progress, this, &AuditExportDialog::update);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_file);
    layout->addWidget(m_bar);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
}

bool AuditExportDialog::start(const QUrlQuery &filter, const QString &fileName)
{
    m_file->setText(tr("Writing the events of the current filter, oldest first, to %1")
                        .arg(QDir::toNativeSeparators(fileName)));
    const bool started = m_export->start(filter, fileName);
    update();
    return started;
}

QString AuditExportDialog::statusText() const
{
    return m_status->text();
}

void AuditExportDialog::update()
{
    const QLocale locale;
    const qint64 rows = m_export->rowsWritten();
    const qint64 expected = m_export->rowsExpected();
    switch (m_export->state()) {
    case AuditExport::State::Idle:
    case AuditExport::State::Preparing:
        m_bar->setRange(0, 0); // busy: gantryd selects the rows in one snapshot first
        m_status->setText(tr("gantryd is selecting %1…").arg(m_expectedRows));
        break;
    case AuditExport::State::Receiving:
        m_bar->setRange(0, 1000);
        if (m_export->bytesExpected() > 0)
            m_bar->setValue(int(1000 * m_export->bytesWritten() / m_export->bytesExpected()));
        m_status->setText(
            expected >= 0
                ? tr("%1 of %2 rows written").arg(locale.toString(rows), locale.toString(expected))
                : tr("%1 rows written").arg(locale.toString(rows)));
        break;
    case AuditExport::State::Done:
        m_bar->setRange(0, 1000);
        m_bar->setValue(1000);
        m_status->setText(
            tr("Done: %1 rows in %2.")
                .arg(locale.toString(rows), QDir::toNativeSeparators(m_export->fileName())));
        break;
    case AuditExport::State::Canceled:
        m_bar->setRange(0, 1000);
        m_bar->setValue(0);
        m_status->setText(tr("Canceled; no file was written."));
        break;
    case AuditExport::State::Failed:
        m_bar->setRange(0, 1000);
        m_bar->setValue(0);
        m_status->setText(tr("The export failed; no file was written: %1").arg(m_export->error()));
        break;
    }
    const bool running = m_export->isRunning();
    m_buttons->setStandardButtons(running ? QDialogButtonBox::Cancel : QDialogButtonBox::Close);
    if (!running)
        m_buttons->button(QDialogButtonBox::Close)->setFocus();
}

} // namespace gantry
