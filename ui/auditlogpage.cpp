#include "auditlogpage.h"

#include "auditdetailpane.h"
#include "auditexport.h"
#include "auditexportdialog.h"
#include "auditfilterbar.h"
#include "audittablemodel.h"

#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

namespace gantry {

namespace {
constexpr int kPrefetchRows = 40; // fetch the next page this many rows before the edge
} // namespace

AuditLogPage::AuditLogPage(AuditTableModel *model, AuditExport *exporter, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_exporter(exporter)
    , m_filterBar(new AuditFilterBar(this))
    , m_view(new QTableView(this))
    , m_details(new AuditDetailPane(this))
    , m_count(new QLabel(this))
    , m_newEvents(new QPushButton(this))
    , m_jump(new QPushButton(tr("&Jump to time…"), this))
    , m_export(new QPushButton(tr("&Export CSV…"), this))
{
    setAccessibleName(tr("Audit log"));
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Audit events"));
    // A table, not a tree: QTreeView lays out by fetching every page it can, QTableView only
    // asks for more when the last row shows.
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setSectionResizeMode(AuditTableModel::OccurredAt,
                                                     QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(AuditTableModel::Action,
                                                     QHeaderView::Interactive);
    m_view->horizontalHeader()->setSectionResizeMode(AuditTableModel::Actor, QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(AuditTableModel::Target, QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(AuditTableModel::Success,
                                                     QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->resizeSection(AuditTableModel::Action, 170);
    m_count->setAccessibleName(tr("Number of events"));
    m_newEvents->setAccessibleName(tr("Show new events"));
    m_newEvents->hide();
    m_jump->setAccessibleName(tr("Jump to time"));
    m_jump->setToolTip(tr("Show the events that occurred before a moment"));
    m_export->setAccessibleName(tr("Export CSV"));
    m_export->setToolTip(tr("Write every event of the current filter to a CSV file"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_count);
    bar->addWidget(m_newEvents);
    bar->addStretch();
    bar->addWidget(m_jump);
    bar->addWidget(m_export);
    auto *table = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(table);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(bar);
    tableLayout->addWidget(m_view, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filterBar);
    layout->addWidget(split, 1);
    setTabOrder(m_filterBar, m_view);

    connect(m_filterBar, &AuditFilterBar::applyRequested, this, &AuditLogPage::applyFilter);
    connect(m_jump, &QPushButton::clicked, this, &AuditLogPage::askJump);
    connect(m_export, &QPushButton::clicked, this, &AuditLogPage::exportCsv);
    connect(m_newEvents, &QPushButton::clicked, this, [this] {
        m_model->reload();
        m_view->scrollToTop();
    });
    connect(m_model, &AuditTableModel::totalChanged, this, &AuditLogPage::updateCount);
    connect(m_model, &AuditTableModel::stateChanged, this, &AuditLogPage::updateCount);
    connect(m_model, &AuditTableModel::newEventCountChanged, this, &AuditLogPage::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_view->scrollToTop();
        m_details->setEvent({});
    });
    // Keep the rows one is reading in place when pages come in or leave above them.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this] { m_topAnchor = m_view->verticalScrollBar()->value(); });
    connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this] { m_topAnchor = m_view->verticalScrollBar()->value(); });
    connect(m_model, &AuditTableModel::rowsShiftedAtTop, this, [this](int delta, bool live) {
        if (live && m_topAnchor == 0)
            return; // following the newest: show what came in
        m_view->verticalScrollBar()->setValue(std::max(0, m_topAnchor + delta));
    });
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &AuditLogPage::onScrolled);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AuditLogPage::updateSelection);
    updateCount();
}

void AuditLogPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Opening the browser is its first read: gantryd records it as audit_log.view.
    if (m_model->state() == AuditTableModel::State::Idle)
        applyFilter();
}

void AuditLogPage::applyFilter()
{
    const QStringList problems = m_model->setFilter(m_filterBar->filter());
    m_filterBar->setProblems(problems);
}

void AuditLogPage::jumpTo(const QDateTime &time)
{
    m_model->jumpTo(time);
}

void AuditLogPage::askJump()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Jump to time"));
    auto *edit = new QDateTimeEdit(QDateTime::currentDateTime(), &dialog);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    edit->setAccessibleName(tr("Time to jump to"));
    if (m_view->currentIndex().isValid())
        edit->setDateTime(
            QDateTime::fromString(
                m_model->event(m_view->currentIndex().row())["occurred_at"].toString(),
                Qt::ISODateWithMs)
                .toLocalTime());
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(
        new QLabel(tr("Show the events that occurred before (local time):"), &dialog));
    layout->addWidget(edit);
    layout->addWidget(buttons);
    if (dialog.exec() == QDialog::Accepted)
        jumpTo(edit->dateTime());
}

AuditExportDialog *AuditLogPage::exportCsv()
{
    QString fileName;
    if (m_askFileName) {
        fileName = m_askFileName();
    } else {
        const QString suggested =
            QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                .filePath(QStringLiteral("audit-log-%1.csv")
                              .arg(QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss")));
        fileName = QFileDialog::getSaveFileName(this, tr("Export audit log as CSV"), suggested,
                                                tr("CSV files (*.csv)"));
    }
    if (fileName.isEmpty())
        return nullptr;
    auto *dialog = new AuditExportDialog(m_exporter, m_model->totalText(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->start(m_model->query(), fileName);
    dialog->open();
    return dialog;
}

void AuditLogPage::selectRow(int row)
{
    const QModelIndex index = m_model->index(row, 0);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

QString AuditLogPage::countText() const
{
    return m_count->text();
}

void AuditLogPage::updateCount()
{
    QString text;
    switch (m_model->state()) {
    case AuditTableModel::State::Idle:
        break;
    case AuditTableModel::State::Loading:
        text = tr("Loading…");
        break;
    case AuditTableModel::State::Failed:
        text = tr("Cannot read the audit log: %1").arg(m_model->lastError());
        break;
    case AuditTableModel::State::Ready:
        text = m_model->totalText();
        break;
    }
    m_count->setText(text);
    const int fresh = m_model->newEventCount();
    m_newEvents->setText(fresh == 1 ? tr("1 new event") : tr("%1 new events").arg(fresh));
    m_newEvents->setVisible(fresh > 0);
}

void AuditLogPage::updateSelection()
{
    const QModelIndex current = m_view->currentIndex();
    m_details->setEvent(current.isValid() ? m_model->event(current.row()) : QJsonObject());
}

void AuditLogPage::onScrolled()
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    m_model->setFollowingNewest(bar->value() == 0);
    if (bar->value() < kPrefetchRows && m_model->canFetchNewer())
        m_model->fetchNewer();
    if (bar->value() > bar->maximum() - kPrefetchRows && m_model->canFetchMore({}))
        m_model->fetchMore({});
}

} // namespace gantry
