#include "checkrundialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace gantry {

CheckRunDialog::CheckRunDialog(SettingsChecks *checks, SettingsChecks::Kind kind,
                               const QString &title, const QString &intro, QWidget *parent)
    : QDialog(parent)
    , m_checks(checks)
    , m_kind(kind)
    , m_form(new QFormLayout)
    , m_progress(new QProgressBar(this))
    , m_steps(new QListWidget(this))
    , m_result(new QLabel(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setWindowTitle(title);
    resize(620, 420);
    auto *layout = new QVBoxLayout(this);
    auto *introLabel = new QLabel(intro, this);
    introLabel->setWordWrap(true);
    layout->addWidget(introLabel);
    layout->addLayout(m_form);
    m_progress->setRange(0, 0);
    m_progress->setAccessibleName(tr("Check in progress"));
    m_progress->hide();
    layout->addWidget(m_progress);
    // A list, not a table: step messages are sentences that must wrap, never be elided.
    m_steps->setWordWrap(true);
    m_steps->setResizeMode(QListView::Adjust);
    m_steps->setUniformItemSizes(false);
    m_steps->setSpacing(2);
    m_steps->setAccessibleName(tr("Check steps"));
    layout->addWidget(m_steps, 1);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);
    m_run = m_buttons->addButton(tr("Run"), QDialogButtonBox::AcceptRole);
    m_cancel = m_buttons->addButton(tr("Cancel check"), QDialogButtonBox::ActionRole);
    m_cancel->hide();
    m_buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(m_buttons);
    m_run->setDefault(true);
    // Run must not close the dialog: the steps are shown in it.
    disconnect(m_buttons, &QDialogButtonBox::accepted, this, nullptr);
    connect(m_run, &QPushButton::clicked, this, &CheckRunDialog::run);
    connect(m_cancel, &QPushButton::clicked, m_checks, &SettingsChecks::cancel);
    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        m_checks->cancel();
        reject();
    });
    connect(m_checks, &SettingsChecks::finished, this,
            [this](SettingsChecks::Kind kind, bool ok, const QList<CheckStep> &steps) {
                if (kind == m_kind)
                    showSteps(ok, steps);
            });
    connect(m_checks, &SettingsChecks::failed, this,
            [this](SettingsChecks::Kind kind, const QString &message) {
                if (kind != m_kind)
                    return;
                setRunning(false);
                m_result->setText(tr("✗ The check could not run: %1").arg(message));
            });
    connect(m_checks, &SettingsChecks::cancelled, this, [this](SettingsChecks::Kind kind) {
        if (kind != m_kind)
            return;
        setRunning(false);
        m_result->setText(tr("Cancelled. gantryd stops the check at its next step."));
    });
}

void CheckRunDialog::addInput(const QString &key, const QString &label, const QString &value,
                              bool password)
{
    auto *edit = new QLineEdit(value, this);
    edit->setAccessibleName(label);
    if (password)
        edit->setEchoMode(QLineEdit::Password);
    m_form->addRow(label, edit);
    m_inputs.insert(key, edit);
    connect(edit, &QLineEdit::returnPressed, this, &CheckRunDialog::run);
}

void CheckRunDialog::run()
{
    if (m_checks->isRunning() || !m_runner)
        return;
    QHash<QString, QString> values;
    for (auto it = m_inputs.begin(); it != m_inputs.end(); ++it)
        values.insert(it.key(), it.value()->text());
    m_steps->clear();
    m_result->clear();
    setRunning(true);
    m_runner(values);
}

void CheckRunDialog::setRunning(bool running)
{
    m_progress->setVisible(running);
    m_run->setEnabled(!running);
    m_cancel->setVisible(running);
    for (QLineEdit *e : std::as_const(m_inputs))
        e->setEnabled(!running);
    if (running)
        m_result->setText(tr("Running…"));
}

void CheckRunDialog::showSteps(bool ok, const QList<CheckStep> &steps)
{
    setRunning(false);
    for (const CheckStep &s : steps) {
        const bool fail = s.level == QLatin1String("fail");
        const bool warn = s.level == QLatin1String("warn");
        const QString mark = fail   ? QStringLiteral("✗")
                             : warn ? QStringLiteral("⚠")
                                    : QStringLiteral("✓");
        auto *item = new QListWidgetItem(
            style()->standardIcon(fail   ? QStyle::SP_DialogCancelButton
                                  : warn ? QStyle::SP_MessageBoxWarning
                                         : QStyle::SP_DialogApplyButton),
            tr("%1 %2 (%3 ms)\n%4").arg(mark, s.name).arg(s.ms).arg(s.message), m_steps);
        item->setForeground(fail   ? QColor(0xb0, 0x00, 0x20)
                            : warn ? QColor(0x9a, 0x60, 0x00)
                                   : QColor(0x1b, 0x5e, 0x20));
        item->setData(Qt::AccessibleTextRole, tr("%1: %2, %3").arg(s.name, s.level, s.message));
    }
    m_result->setText(ok ? tr("✓ Passed.") : tr("✗ Failed: see the steps marked with a cross."));
}

QString CheckRunDialog::resultText() const
{
    return m_result->text();
}

} // namespace gantry
