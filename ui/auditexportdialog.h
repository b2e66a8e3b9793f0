// "Export CSV…": the rows of exactly the current filter, streamed from gantryd into the chosen
// file, with a progress bar, the row count and Cancel (which leaves no file behind).
#pragma once

#include <QDialog>
#include <QUrlQuery>

class QDialogButtonBox;
class QLabel;
class QProgressBar;

namespace gantry {

class AuditExport;

class AuditExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditExportDialog)
public:
    // `expectedRows`: the browser's count for the filter (shown until gantryd gives the exact one).
    AuditExportDialog(AuditExport *exporter, const QString &expectedRows,
                      QWidget *parent = nullptr);

    // Starts the export; false (with the reason shown) when it cannot start.
    bool start(const QUrlQuery &filter, const QString &fileName);
    QString statusText() const;
    QProgressBar *progressBar() const { return m_bar; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void update();

    AuditExport *m_export;
    QString m_expectedRows;
    QLabel *m_file;
    QLabel *m_status;
    QProgressBar *m_bar;
    QDialogButtonBox *m_buttons;
};

} // namespace gantry
