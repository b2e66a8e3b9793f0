#include "reviewapplydialog.h"

#include "settingsviewmodel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gantry {

ReviewApplyDialog::ReviewApplyDialog(SettingsViewModel *model, QWidget *parent)
    : QDialog(parent)
    , m_model(model)
    , m_changes(new QTreeWidget(this))
    , m_summary(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_result(new QLabel(this))
{
    setWindowTitle(tr("Review and apply settings"));
    resize(760, 440);
    auto *layout = new QVBoxLayout(this);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_changes->setColumnCount(3);
    m_changes->setHeaderLabels({tr("Setting"), tr("Applied now"), tr("After apply")});
    m_changes->setRootIsDecorated(false);
    m_changes->setAlternatingRowColors(true);
    m_changes->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_changes->setAccessibleName(tr("Changes to apply"));
    layout->addWidget(m_changes, 1);
    m_progress->setRange(0, 0);
    m_progress->hide();
    m_progress->setAccessibleName(tr("Apply in progress"));
    layout->addWidget(m_progress);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setObjectName(QStringLiteral("result"));
    layout->addWidget(m_result);
    auto *buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("Apply"), QDialogButtonBox::ActionRole);
    m_close = buttons->addButton(QDialogButtonBox::Cancel);
    // Outside the button box, which shows every button it lays out.
    m_showField = new QPushButton(tr("Show the field"), this);
    m_showField->hide();
    auto *row = new QHBoxLayout;
    row->addWidget(m_showField);
    row->addWidget(buttons, 1);
    layout->addLayout(row);
    m_apply->setDefault(true);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        m_apply->setEnabled(false);
        m_close->setEnabled(false);
        m_progress->show();
        m_result->setStyleSheet({});
        m_model->stageAndApply();
    });
    connect(m_showField, &QPushButton::clicked, this, [this] {
        const QStringList failing = m_model->failingPaths();
        if (!failing.isEmpty())
            Q_EMIT showField(failing.first());
        reject();
    });
    connect(m_model, &SettingsViewModel::applyProgress, this,
            [this](const QString &step) { m_result->setText(step); });
    connect(m_model, &SettingsViewModel::applied, this, [this](int version, bool restart) {
        m_appliedVersion = version;
        m_progress->hide();
        QString text = tr("✓ Applied as version %1.").arg(version);
        if (restart)
            text += QLatin1Char(' ') +
                    tr("The TLS settings changed: gantryd serves HTTPS with them from its next "
                       "start, so restart it.");
        m_result->setText(text);
        m_result->setStyleSheet(QStringLiteral("color: #1b7a2e;"));
        m_close->setText(tr("Close"));
        m_close->setEnabled(true);
        m_close->setFocus();
        m_apply->hide();
    });
    connect(m_model, &SettingsViewModel::applyFailed, this, [this](const QString &message) {
        m_progress->hide();
        QString text = tr("✗ gantryd refused the settings: %1").arg(message);
        QStringList fieldLines;
        const auto errors = m_model->allErrors();
        for (const QString &path : m_model->failingPaths())
            for (const QString &e : errors.value(path))
                fieldLines << QStringLiteral("• %1: %2").arg(path, e);
        if (!fieldLines.isEmpty())
            text += QLatin1Char('\n') + fieldLines.join(QLatin1Char('\n'));
        m_result->setText(text);
        m_result->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_close->setEnabled(true);
        m_apply->setEnabled(true);
        m_showField->setVisible(!fieldLines.isEmpty());
        // Highlight the failing rows of the change list.
        for (int i = 0; i < m_changes->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = m_changes->topLevelItem(i);
            if (errors.contains(item->data(0, Qt::UserRole).toString()))
                for (int c = 0; c < 3; ++c)
                    item->setBackground(c, QColor(0xfd, 0xec, 0xea));
        }
    });
    fill();
}

void ReviewApplyDialog::fill()
{
    const QList<SettingsChange> changes = m_model->changes();
    for (const SettingsChange &c : changes) {
        auto *item = new QTreeWidgetItem(m_changes, {c.path, c.from, c.to});
        item->setData(0, Qt::UserRole, c.path);
        item->setToolTip(0, c.label);
        if (c.secret)
            item->setToolTip(2, tr("Secrets are never shown, only whether they change."));
    }
    if (changes.isEmpty())
        m_summary->setText(
            m_model->version() == 0
                ? tr("Nothing was changed. Applying now writes version 1 with "
                     "the values shown (defaults included).")
                : tr("Nothing was changed since version %1.").arg(m_model->version()));
    else
        m_summary->setText(
            tr("%n setting(s) change from version %1 to version %2:", nullptr, int(changes.size()))
                .arg(m_model->version())
                .arg(m_model->version() + 1));
    m_apply->setEnabled(!changes.isEmpty() || m_model->version() == 0);
}

QString ReviewApplyDialog::resultText() const
{
    return m_result->text();
}

} // namespace gantry
