#include "settingspages.h"

#include "consoleaccess.h"
#include "controlplaneclient.h"
#include "event.h"
#include "reviewapplydialog.h"
#include "schemaformpage.h"
#include "settingschecks.h"
#include "settingshistory.h"
#include "settingshistorypage.h"
#include "settingsviewmodel.h"
#include "usersmodel.h"
#include "userspage.h"

#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

namespace gantry {

SettingsPages::SettingsPages(ControlPlaneClient *client, QObject *parent)
    : QObject(parent)
    , m_model(new SettingsViewModel(client, this))
    , m_history(new SettingsHistory(client, this))
    , m_checks(new SettingsChecks(m_model, this))
    , m_users(new UsersModel(client, this))
    , m_access(new ConsoleAccess(client, this))
{
    connect(m_access, &ConsoleAccess::changed, this, [this] {
        m_model->setReadOnly(m_access->isKnown() && !m_access->isAdmin(),
                             m_access->readOnlyReason());
        if (m_access->isAdmin())
            m_users->refresh();
    });
}

QHash<QString, QWidget *> SettingsPages::createPages(const QStringList &groups)
{
    QHash<QString, QWidget *> pages;
    for (const QString &group : groups) {
        auto *page = new SchemaFormPage(m_model, m_checks, group);
        connect(page, &SchemaFormPage::reviewRequested, this,
                [this, page] { reviewAndApply(page); });
        connect(page, &SchemaFormPage::fieldRequested, this, &SettingsPages::showField);
        m_forms.insert(group, page);
        pages.insert(QStringLiteral("settings/") + group, page);
    }
    auto *overview = new SettingsHistoryPage(m_model, m_history);
    connect(overview, &SettingsHistoryPage::reviewRequested, this,
            [this, overview] { reviewAndApply(overview); });
    pages.insert(QStringLiteral("settings"), overview);
    pages.insert(QStringLiteral("users"), new UsersPage(m_users, m_access));
    return pages;
}

void SettingsPages::reload()
{
    m_model->load();
    m_history->refresh();
    m_access->refresh();
}

void SettingsPages::handleEvent(const Event &event)
{
    if (event.topic != QLatin1String("Settings"))
        return;
    m_model->handleEvent(event);
    m_history->refresh();
}

void SettingsPages::showField(const QString &path)
{
    const QString group = path.section(QLatin1Char('.'), 0, 0);
    SchemaFormPage *page = m_forms.value(group);
    if (!page)
        return;
    Q_EMIT showPageRequested(QStringLiteral("settings/") + group);
    // After the window has switched pages, so that the scroll area has its size.
    QTimer::singleShot(0, page, [page, path] {
        page->showProblems();
        page->scrollToField(path);
    });
}

bool SettingsPages::reviewAndApply(QWidget *parent)
{
    for (SchemaFormPage *page : std::as_const(m_forms))
        if (page->isAncestorOf(parent) || page == parent)
            if (page->showProblems())
                return false;
    if (m_model->problemCount() > 0) {
        showField(m_model->failingPaths().value(0));
        return false;
    }
    ReviewApplyDialog dialog(m_model, parent);
    connect(&dialog, &ReviewApplyDialog::showField, this, &SettingsPages::showField,
            Qt::QueuedConnection);
    dialog.exec();
    return dialog.appliedVersion() > 0;
}

bool SettingsPages::confirmLeave(QWidget *parent)
{
    if (!m_model->isDirty() || m_model->isReadOnly())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Unsaved settings"),
                    tr("%n setting(s) changed but not applied. Apply them now, discard them, "
                       "or stay to keep editing?",
                       nullptr, int(m_model->changes().size())),
                    QMessageBox::NoButton, parent);
    QPushButton *apply = box.addButton(tr("Review and apply…"), QMessageBox::AcceptRole);
    QPushButton *discard = box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
    QPushButton *stay = box.addButton(tr("Stay"), QMessageBox::RejectRole);
    box.setDefaultButton(stay);
    box.exec();
    if (box.clickedButton() == discard) {
        m_model->discard();
        return true;
    }
    if (box.clickedButton() == apply)
        return reviewAndApply(parent);
    return false;
}

} // namespace gantry
