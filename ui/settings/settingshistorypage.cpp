#include "settingshistorypage.h"

#include "settingsviewmodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gantry {

namespace {

// A secret's side says only whether it is set ({"set": bool}; older gantryd said nothing).
QString valueText(const SettingsDiffEntry &e, const QJsonValue &v)
{
    if (!e.secret)
        return SettingsFormSchema::displayText(v);
    if (!v.isObject())
        return SettingsHistoryPage::tr("(secret)");
    return v.toObject().value(QStringLiteral("set")).toBool()
               ? SettingsHistoryPage::tr("(set)")
               : SettingsHistoryPage::tr("(not set)");
}

// The newer side of a change; for a secret set on both sides, that it is another value.
QString newerText(const SettingsDiffEntry &e)
{
    if (!e.secret)
        return valueText(e, e.to);
    if (!e.to.isObject())
        return SettingsHistoryPage::tr("(secret, changed)");
    const bool wasSet = e.from.toObject().value(QStringLiteral("set")).toBool();
    const bool isSet = e.to.toObject().value(QStringLiteral("set")).toBool();
    return wasSet && isSet ? SettingsHistoryPage::tr("(set, changed)") : valueText(e, e.to);
}

} // namespace

SettingsHistoryPage::SettingsHistoryPage(SettingsViewModel *model, SettingsHistory *history,
                                         QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_history(history)
    , m_summary(new QLabel(this))
    , m_review(new QPushButton(tr("Review and apply…"), this))
    , m_versions(new QTableView(this))
    , m_from(new QComboBox(this))
    , m_to(new QComboBox(this))
    , m_diff(new QTreeWidget(this))
    , m_diffTitle(new QLabel(this))
    , m_rollback(new QPushButton(tr("Roll back to the selected version…"), this))
{
    setObjectName(QStringLiteral("settings"));
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("Settings"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title->setFont(big);
    layout->addWidget(title);
    auto *top = new QHBoxLayout;
    m_summary->setWordWrap(true);
    top->addWidget(m_summary, 1);
    top->addWidget(m_review);
    layout->addLayout(top);

    auto *split = new QSplitter(Qt::Vertical, this);
    auto *upper = new QWidget(split);
    auto *upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    upperLayout->addWidget(new QLabel(tr("Applied versions"), upper));
    m_versions->setModel(m_history);
    m_versions->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_versions->setSelectionMode(QAbstractItemView::SingleSelection);
    m_versions->verticalHeader()->hide();
    m_versions->horizontalHeader()->setStretchLastSection(true);
    m_versions->setAccessibleName(tr("Applied settings versions"));
    upperLayout->addWidget(m_versions);
    auto *rollRow = new QHBoxLayout;
    rollRow->addStretch();
    rollRow->addWidget(m_rollback);
    upperLayout->addLayout(rollRow);

    auto *lower = new QWidget(split);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    auto *compareRow = new QHBoxLayout;
    auto *fromLabel = new QLabel(tr("Compare version"), lower);
    fromLabel->setBuddy(m_from);
    auto *toLabel = new QLabel(tr("with version"), lower);
    toLabel->setBuddy(m_to);
    m_from->setAccessibleName(tr("Compare from version"));
    m_to->setAccessibleName(tr("Compare to version"));
    compareRow->addWidget(fromLabel);
    compareRow->addWidget(m_from);
    compareRow->addWidget(toLabel);
    compareRow->addWidget(m_to);
    compareRow->addStretch();
    lowerLayout->addLayout(compareRow);
    lowerLayout->addWidget(m_diffTitle);
    m_diff->setColumnCount(3);
    m_diff->setHeaderLabels({tr("Setting"), QString(), QString()}); // versions named by a diff
    m_diff->setRootIsDecorated(false);
    m_diff->setAlternatingRowColors(true);
    m_diff->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_diff->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_diff->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_diff->header()->setStretchLastSection(false);
    m_diff->setAccessibleName(tr("Differences between the two versions"));
    lowerLayout->addWidget(m_diff);
    split->addWidget(upper);
    split->addWidget(lower);
    layout->addWidget(split, 1);

    m_rollback->setEnabled(false);
    connect(m_review, &QPushButton::clicked, this, &SettingsHistoryPage::reviewRequested);
    connect(m_versions->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const int v = m_history->versionAt(current.row());
                m_rollback->setEnabled(v > 0 && v != m_history->latestVersion() &&
                                       !m_model->isReadOnly());
                // Selecting a version compares it with the one before it.
                if (v > 1) {
                    m_from->setCurrentIndex(m_from->findData(v - 1));
                    m_to->setCurrentIndex(m_to->findData(v));
                }
            });
    connect(m_rollback, &QPushButton::clicked, this,
            [this] { rollbackTo(m_history->versionAt(m_versions->currentIndex().row())); });
    connect(m_from, &QComboBox::currentIndexChanged, this, &SettingsHistoryPage::compare);
    connect(m_to, &QComboBox::currentIndexChanged, this, &SettingsHistoryPage::compare);
    connect(m_history, &SettingsHistory::refreshed, this, [this] {
        m_versions->resizeColumnsToContents();
        fillVersionBoxes();
        updateSummary();
    });
    connect(m_history, &SettingsHistory::diffReady, this, &SettingsHistoryPage::showDiff);
    connect(m_history, &SettingsHistory::failed, this, [this](const QString &message) {
        m_pendingRollback = 0;
        QMessageBox::warning(this, tr("Settings history"), message);
    });
    connect(m_history, &SettingsHistory::rolledBack, this, [this](int version, int to) {
        m_model->load();
        m_summary->setText(tr("✓ Rolled back: version %1 now holds the settings of version %2.")
                               .arg(version)
                               .arg(to));
    });
    connect(m_model, &SettingsViewModel::loaded, this, &SettingsHistoryPage::updateSummary);
    connect(m_model, &SettingsViewModel::dirtyChanged, this, &SettingsHistoryPage::updateSummary);
    connect(m_model, &SettingsViewModel::applied, m_history, &SettingsHistory::refresh);
    connect(m_model, &SettingsViewModel::changedElsewhere, m_history, &SettingsHistory::refresh);
    connect(m_model, &SettingsViewModel::readOnlyChanged, this, [this](bool ro) {
        m_rollback->setToolTip(ro ? m_model->readOnlyReason() : QString());
        m_review->setEnabled(!ro);
        m_review->setToolTip(ro ? m_model->readOnlyReason() : QString());
        if (ro)
            m_rollback->setEnabled(false);
    });
    updateSummary();
}

void SettingsHistoryPage::updateSummary()
{
    const int changes = int(m_model->changes().size());
    QString text = m_model->version() > 0
                       ? tr("Applied settings: version %1.").arg(m_model->version())
                       : tr("No settings applied yet: fill in the pages on the left, then apply.");
    if (changes > 0)
        text += QLatin1Char(' ') + tr("%n unsaved change(s).", nullptr, changes);
    m_summary->setText(text);
}

void SettingsHistoryPage::fillVersionBoxes()
{
    const int from = m_from->currentData().toInt();
    const int to = m_to->currentData().toInt();
    const QSignalBlocker b1(m_from);
    const QSignalBlocker b2(m_to);
    m_from->clear();
    m_to->clear();
    m_from->addItem(tr("0 (empty)"), 0);
    for (int row = m_history->rowCount() - 1; row >= 0; --row) {
        const int v = m_history->versionAt(row);
        m_from->addItem(QString::number(v), v);
        m_to->addItem(QString::number(v), v);
    }
    const int latest = m_history->latestVersion();
    m_from->setCurrentIndex(qMax(0, m_from->findData(from > 0 ? from : latest - 1)));
    m_to->setCurrentIndex(qMax(0, m_to->findData(to > 0 && to != latest - 1 ? to : latest)));
    compare();
}

void SettingsHistoryPage::compare()
{
    if (m_to->count() == 0)
        return;
    m_history->requestDiff(m_from->currentData().toInt(), m_to->currentData().toInt());
}

void SettingsHistoryPage::showDiff(int from, int to, const QList<SettingsDiffEntry> &changes)
{
    if (m_pendingRollback > 0 && to == m_pendingRollback && from == m_model->version()) {
        const int version = m_pendingRollback;
        m_pendingRollback = 0;
        QStringList lines;
        for (const SettingsDiffEntry &e : changes)
            lines << tr("%1: %2 → %3").arg(e.path, valueText(e, e.from), newerText(e));
        QString text =
            tr("Roll back to version %1? This applies a new version %2 equal to version %1.")
                .arg(version)
                .arg(m_history->latestVersion() + 1);
        text += QStringLiteral("\n\n") +
                (lines.isEmpty()
                     ? tr("No setting changes.")
                     : tr("What changes:") + QLatin1Char('\n') + lines.join(QLatin1Char('\n')));
        if (m_model->isDirty())
            text += QStringLiteral("\n\n") + tr("Your unsaved changes are kept and stay unsaved.");
        if (!m_pendingConfirmed && QMessageBox::question(this, tr("Roll back settings"), text,
                                                         QMessageBox::Yes | QMessageBox::Cancel,
                                                         QMessageBox::Cancel) != QMessageBox::Yes)
            return;
        m_history->rollback(version);
        return;
    }
    if (from != m_from->currentData().toInt() || to != m_to->currentData().toInt())
        return;
    m_diffTitle->setText(
        tr("%n setting(s) differ between version %1 and version %2", nullptr, int(changes.size()))
            .arg(from)
            .arg(to));
    m_diff->clear();
    m_diff->setHeaderLabels({tr("Setting"), tr("Version %1").arg(from), tr("Version %1").arg(to)});
    for (const SettingsDiffEntry &e : changes) {
        auto *item = new QTreeWidgetItem(m_diff, {e.path, valueText(e, e.from), newerText(e)});
        item->setToolTip(1, e.from.isString() ? e.from.toString() : QString());
        item->setToolTip(2, e.to.isString() ? e.to.toString() : QString());
    }
}

void SettingsHistoryPage::rollbackTo(int version, bool confirmed)
{
    if (version < 1)
        return;
    m_pendingRollback = version;
    m_pendingConfirmed = confirmed;
    m_history->requestDiff(m_model->version(), version);
}

} // namespace gantry
