// The console's main window: navigation on the left, the chosen page on the right, and the
// connection to gantryd in the status bar.
#pragma once

#include <QHash>
#include <QMainWindow>

#include <functional>

class QAction;
class QLabel;
class QMenu;
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

    // Asked before the window leaves `fromPage` for `toPage` (empty when the window closes);
    // false keeps the window where it is (e.g. the admin chose to stay with unsaved settings).
    using LeaveGuard = std::function<bool(const QString &fromPage, const QString &toPage)>;
    void setLeaveGuard(LeaveGuard guard) { m_leaveGuard = std::move(guard); }

    QString currentPageId() const;
    // False for an unknown page, or when the leave guard kept the current one.
    bool showPage(const QString &pageId);
    QWidget *page(const QString &pageId) const { return m_pages.value(pageId); }
    // Puts a real page in place of a placeholder; the window takes ownership. False for an
    // unknown page id.
    bool setPage(const QString &pageId, QWidget *page);
    QString statusText() const;
    // An action in the File menu, above Quit (e.g. Sign out).
    void addFileAction(QAction *action);
    // A one-off note in the status bar (e.g. which keychain holds the secrets key).
    void showNote(const QString &text);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildPages();
    void updateStatus();

    NavigationModel *m_navigation;
    ConnectionStatus *m_status;
    QTreeView *m_tree;
    QStackedWidget *m_stack;
    QLabel *m_connectionLabel;
    QLabel *m_noteLabel;
    QMenu *m_fileMenu = nullptr;
    QAction *m_quit = nullptr;
    QHash<QString, QWidget *> m_pages;
    LeaveGuard m_leaveGuard;
};

} // namespace gantry
