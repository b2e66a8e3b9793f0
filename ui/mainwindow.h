// The console's main window: navigation on the left, the chosen page on the right, and the
// connection to gantryd in the status bar.
#pragma once

#include <QHash>
#include <QMainWindow>

class QLabel;
class QStackedWidget;
class QTreeView;

namespace gantry {

class ConnectionStatus;
class NavigationModel;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    MainWindow(NavigationModel *navigation, ConnectionStatus *status, QWidget *parent = nullptr);

    QString currentPageId() const;
    bool showPage(const QString &pageId);
    QWidget *page(const QString &pageId) const { return m_pages.value(pageId); }
    // Puts a real page in place of a placeholder; the window takes ownership. False for an
    // unknown page id.
    bool setPage(const QString &pageId, QWidget *page);
    QString statusText() const;
    // A one-off note in the status bar (e.g. which keychain holds the secrets key).
    void showNote(const QString &text);

private:
    void buildPages();
    void updateStatus();

    NavigationModel *m_navigation;
    ConnectionStatus *m_status;
    QTreeView *m_tree;
    QStackedWidget *m_stack;
    QLabel *m_connectionLabel;
    QLabel *m_noteLabel;
    QHash<QString, QWidget *> m_pages;
};

} // namespace gantry
