// Everything of the settings section for the main window to plug in: one generated page per
// settings group ("settings/<group>"), the "settings" page (status, history, diff, rollback),
// the "users" page, the review-and-apply dialog and the unsaved-changes guard.
#pragma once

#include <QHash>
#include <QObject>

class QWidget;

namespace gantry {

class ConsoleAccess;
class ControlPlaneClient;
class SchemaFormPage;
class SettingsChecks;
class SettingsHistory;
class SettingsViewModel;
class UsersModel;
struct Event;

class SettingsPages final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsPages)
public:
    SettingsPages(ControlPlaneClient *client, QObject *parent = nullptr);

    // Page id -> page, parentless: the window takes ownership with MainWindow::setPage.
    QHash<QString, QWidget *> createPages(const QStringList &groups);

    SettingsViewModel *model() const { return m_model; }
    SettingsHistory *history() const { return m_history; }
    SettingsChecks *checks() const { return m_checks; }
    UsersModel *users() const { return m_users; }
    ConsoleAccess *access() const { return m_access; }
    SchemaFormPage *formPage(const QString &group) const { return m_forms.value(group); }

    // Reads the schema, settings, history, session and users (after each (re)connect).
    void reload();
    void handleEvent(const gantry::Event &event);

    // Review-and-apply, modal; true when a new version was applied.
    bool reviewAndApply(QWidget *parent);
    // Before leaving the settings pages or quitting: with unsaved changes, asks to apply,
    // discard or stay. True when it is fine to go on.
    bool confirmLeave(QWidget *parent);

Q_SIGNALS:
    // The window should show this page (a problem lives on another settings page).
    void showPageRequested(const QString &pageId);

private:
    void showField(const QString &path);

    SettingsViewModel *m_model;
    SettingsHistory *m_history;
    SettingsChecks *m_checks;
    UsersModel *m_users;
    ConsoleAccess *m_access;
    QHash<QString, SchemaFormPage *> m_forms;
};

} // namespace gantry
