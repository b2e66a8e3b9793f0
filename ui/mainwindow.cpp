#include "mainwindow.h"

#include "connectionstatus.h"
#include "navigationmodel.h"
#include "placeholderpage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTreeView>

namespace gantry {

MainWindow::MainWindow(NavigationModel *navigation, ConnectionStatus *status, QWidget *parent)
    : QMainWindow(parent)
    , m_navigation(navigation)
    , m_status(status)
    , m_tree(new QTreeView(this))
    , m_stack(new QStackedWidget(this))
    , m_connectionLabel(new QLabel(this))
    , m_noteLabel(new QLabel(this))
{
    setWindowTitle(tr("Gantry"));
    resize(1200, 760);

    m_tree->setModel(m_navigation);
    m_tree->header()->hide();
    m_tree->setUniformRowHeights(true);
    m_tree->expandAll();
    m_tree->setAccessibleName(tr("Navigation"));
    m_tree->setMinimumWidth(200);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({220, 980});
    setCentralWidget(splitter);

    m_fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = m_quit = m_fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    // Through close(), so that the leave guard can keep unsaved settings.
    connect(quit, &QAction::triggered, this, &QWidget::close);

    m_connectionLabel->setAccessibleName(tr("Connection"));
    statusBar()->addWidget(m_connectionLabel, 1);
    statusBar()->addPermanentWidget(m_noteLabel);

    buildPages();
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                showPage(current.data(NavigationModel::PageIdRole).toString());
            });
    connect(m_status, &ConnectionStatus::changed, this, &MainWindow::updateStatus);
    updateStatus();
    showPage(QStringLiteral("dashboard"));
}

void MainWindow::buildPages()
{
    for (const QString &id : m_navigation->pageIds()) {
        const QModelIndex index = m_navigation->indexOf(id);
        auto *page =
            new PlaceholderPage(index.data(Qt::DisplayRole).toString(),
                                index.data(NavigationModel::PlaceholderRole).toString(), m_stack);
        page->setObjectName(QStringLiteral("page:") + id);
        m_stack->addWidget(page);
        m_pages.insert(id, page);
    }
}

bool MainWindow::setPage(const QString &pageId, QWidget *page)
{
    QWidget *old = m_pages.value(pageId);
    if (!old || !page)
        return false;
    const bool current = m_stack->currentWidget() == old;
    page->setObjectName(QStringLiteral("page:") + pageId);
    m_stack->insertWidget(m_stack->indexOf(old), page);
    m_pages.insert(pageId, page);
    if (current)
        m_stack->setCurrentWidget(page);
    m_stack->removeWidget(old);
    old->deleteLater();
    return true;
}

QString MainWindow::currentPageId() const
{
    return m_pages.key(m_stack->currentWidget());
}

bool MainWindow::showPage(const QString &pageId)
{
    QWidget *page = m_pages.value(pageId);
    if (!page)
        return false;
    const QString current = currentPageId();
    const bool allowed = current == pageId || !m_leaveGuard || m_leaveGuard(current, pageId);
    if (allowed)
        m_stack->setCurrentWidget(page);
    // The tree follows the page shown (back to the current one when the guard said stay).
    const QModelIndex index = m_navigation->indexOf(allowed ? pageId : current);
    if (m_tree->currentIndex() != index)
        m_tree->setCurrentIndex(index);
    return allowed;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_leaveGuard && !m_leaveGuard(currentPageId(), QString())) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

QString MainWindow::statusText() const
{
    return m_connectionLabel->text();
}

void MainWindow::addFileAction(QAction *action)
{
    m_fileMenu->insertAction(m_quit, action);
}

void MainWindow::showNote(const QString &text)
{
    m_noteLabel->setText(text);
}

void MainWindow::updateStatus()
{
    m_connectionLabel->setText(m_status->text());
    const char *color = "";
    switch (m_status->state()) {
    case ConnectionStatus::State::Connected:
        color = "#1b7f3b";
        break;
    case ConnectionStatus::State::Connecting:
        color = "#8a6d00";
        break;
    case ConnectionStatus::State::Disconnected:
        color = "#b3261e";
        break;
    }
    m_connectionLabel->setStyleSheet(
        QStringLiteral("QLabel { color: %1; }").arg(QLatin1String(color)));
}

} // namespace gantry
