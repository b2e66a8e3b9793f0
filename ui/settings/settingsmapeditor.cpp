#include "settingsmapeditor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gantry {

SettingsMapEditor::SettingsMapEditor(const QString &label, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2, this))
    , m_add(new QPushButton(tr("Add"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setMaximumHeight(120);
    m_table->setAccessibleName(label);
    setAccessibleName(label);
    setFocusProxy(m_table);
    m_table->setTabKeyNavigation(false); // Tab leaves the table; arrows move inside
    m_add->setAccessibleName(tr("Add an entry to %1").arg(label));
    m_remove->setAccessibleName(tr("Remove the selected entry of %1").arg(label));
    connect(m_add, &QPushButton::clicked, this, [this] {
        const int row = m_table->rowCount();
        m_updating = true;
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem);
        m_table->setItem(row, 1, new QTableWidgetItem);
        m_updating = false;
        m_table->setCurrentCell(row, 0);
        m_table->editItem(m_table->item(row, 0));
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() < 0)
            return;
        m_table->removeRow(m_table->currentRow());
        Q_EMIT edited(value());
    });
    connect(m_table, &QTableWidget::cellChanged, this, [this] {
        if (!m_updating)
            Q_EMIT edited(value());
    });
}

QJsonObject SettingsMapEditor::value() const
{
    QJsonObject out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString key =
            m_table->item(row, 0) ? m_table->item(row, 0)->text().trimmed() : QString();
        if (!key.isEmpty())
            out.insert(key, m_table->item(row, 1) ? m_table->item(row, 1)->text() : QString());
    }
    return out;
}

void SettingsMapEditor::setValue(const QJsonObject &map)
{
    if (map == value())
        return;
    m_updating = true;
    m_table->setRowCount(0);
    for (auto it = map.begin(); it != map.end(); ++it) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(it.key()));
        m_table->setItem(row, 1, new QTableWidgetItem(it.value().toString()));
    }
    m_updating = false;
}

void SettingsMapEditor::setEditable(bool editable, const QString &why)
{
    m_table->setEditTriggers(editable ? QAbstractItemView::AllEditTriggers
                                      : QAbstractItemView::NoEditTriggers);
    for (QPushButton *b : {m_add, m_remove}) {
        b->setEnabled(editable);
        b->setToolTip(editable ? QString() : why);
    }
    m_table->setToolTip(editable ? QString() : why);
}

} // namespace gantry
