#include "settingslisteditor.h"

#include "certificatetext.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace gantry {

SettingsListEditor::SettingsListEditor(const QString &label, bool pem, QWidget *parent)
    : QWidget(parent)
    , m_label(label)
    , m_pem(pem)
    , m_list(new QListWidget(this))
    , m_add(new QPushButton(tr("Add…"), this))
    , m_edit(new QPushButton(tr("Edit…"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1, Qt::AlignTop);
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_add);
    if (m_pem) {
        m_fromFile = new QPushButton(tr("From file…"), this);
        m_fromFile->setAccessibleName(tr("Add %1 from a file").arg(label));
        connect(m_fromFile, &QPushButton::clicked, this, &SettingsListEditor::addFromFile);
        buttons->addWidget(m_fromFile);
    }
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_list->setAccessibleName(label);
    setAccessibleName(label);
    setFocusProxy(m_list);
    m_list->setMaximumHeight(110);
    m_add->setAccessibleName(tr("Add to %1").arg(label));
    m_edit->setAccessibleName(tr("Edit the selected entry of %1").arg(label));
    m_remove->setAccessibleName(tr("Remove the selected entry of %1").arg(label));
    connect(m_add, &QPushButton::clicked, this, &SettingsListEditor::add);
    connect(m_edit, &QPushButton::clicked, this, &SettingsListEditor::editCurrent);
    connect(m_remove, &QPushButton::clicked, this, &SettingsListEditor::removeCurrent);
    connect(m_list, &QListWidget::itemActivated, this, &SettingsListEditor::editCurrent);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        m_edit->setEnabled(row >= 0 && m_add->isEnabled());
        m_remove->setEnabled(row >= 0 && m_add->isEnabled());
    });
    rebuild();
}

void SettingsListEditor::setValue(const QJsonArray &entries)
{
    if (entries == m_entries)
        return;
    m_entries = entries;
    rebuild();
}

void SettingsListEditor::appendEntries(const QStringList &entries)
{
    for (const QString &e : entries)
        if (!m_entries.contains(e))
            m_entries.append(e);
    rebuild();
    Q_EMIT edited(m_entries);
}

void SettingsListEditor::setEditable(bool editable, const QString &why)
{
    for (QPushButton *b : {m_add, m_fromFile, m_edit, m_remove}) {
        if (!b)
            continue;
        b->setEnabled(editable && (b == m_add || b == m_fromFile || m_list->currentRow() >= 0));
        b->setToolTip(editable ? QString() : why);
    }
}

void SettingsListEditor::rebuild()
{
    const int row = m_list->currentRow();
    m_list->clear();
    for (const QJsonValue &v : m_entries) {
        const QString text = v.toString();
        const QString line = m_pem ? CertificateText::oneLine(text) : QString();
        auto *item = new QListWidgetItem(
            line.isEmpty() ? text.section(QLatin1Char('\n'), 0, 0) : line, m_list);
        if (m_pem)
            item->setToolTip(CertificateText::describe(text));
    }
    if (m_entries.isEmpty()) {
        auto *item = new QListWidgetItem(tr("(none)"), m_list);
        item->setFlags(Qt::NoItemFlags);
    }
    m_list->setCurrentRow(qMin(row, int(m_entries.size()) - 1));
    m_edit->setEnabled(m_list->currentRow() >= 0 && m_add->isEnabled());
    m_remove->setEnabled(m_list->currentRow() >= 0 && m_add->isEnabled());
}

std::optional<QString> SettingsListEditor::ask(const QString &title, const QString &text)
{
    bool ok = false;
    const QString value =
        m_pem ? QInputDialog::getMultiLineText(this, title, tr("PEM certificate(s):"), text, &ok)
              : QInputDialog::getText(this, title, m_label, QLineEdit::Normal, text, &ok);
    if (!ok || value.trimmed().isEmpty())
        return std::nullopt;
    return value.trimmed() + (m_pem ? QStringLiteral("\n") : QString());
}

void SettingsListEditor::add()
{
    if (const auto v = ask(tr("Add to %1").arg(m_label), {}))
        appendEntries({*v});
}

void SettingsListEditor::addFromFile()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Add a certificate to %1").arg(m_label), {},
                                     tr("PEM files (*.pem *.crt *.cer);;All files (*)"));
    if (file.isEmpty())
        return;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly) || f.size() > 1024 * 1024) {
        QMessageBox::warning(this, tr("Cannot read %1").arg(file),
                             f.size() > 1024 * 1024 ? tr("The file is larger than 1 MiB.")
                                                    : f.errorString());
        return;
    }
    appendEntries({QString::fromUtf8(f.readAll())});
}

void SettingsListEditor::editCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_entries.size() || !m_add->isEnabled())
        return;
    if (const auto v = ask(tr("Edit %1").arg(m_label), m_entries.at(row).toString())) {
        m_entries.replace(row, *v);
        rebuild();
        Q_EMIT edited(m_entries);
    }
}

void SettingsListEditor::removeCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_entries.size())
        return;
    m_entries.removeAt(row);
    rebuild();
    Q_EMIT edited(m_entries);
}

} // namespace gantry
