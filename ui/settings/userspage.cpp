#include "userspage.h"

#include "consoleaccess.h"
#include "usersmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace gantry {

UsersPage::UsersPage(UsersModel *users, ConsoleAccess *access, QWidget *parent)
    : QWidget(parent)
    , m_users(users)
    , m_access(access)
    , m_note(new QLabel(this))
    , m_empty(new QLabel(this))
    , m_table(new QTableView(this))
    , m_promote(new QPushButton(tr("Make admin"), this))
    , m_demote(new QPushButton(tr("Make viewer"), this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
{
    setObjectName(QStringLiteral("users"));
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("Users"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title->setFont(big);
    layout->addWidget(title);
    m_note->setWordWrap(true);
    m_note->setText(tr("Users log in with their LDAP credentials. The first user to log in "
                       "became an admin; everyone after is a viewer until an admin promotes "
                       "them. Viewers can read everything but change nothing."));
    layout->addWidget(m_note);
    m_table->setModel(m_users);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAccessibleName(tr("Users"));
    layout->addWidget(m_table, 1);
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_empty->setText(tr("Nobody has signed in yet. While LDAP is off (Settings → LDAP), the "
                        "token in gantryd.json is the only way in; once it is on, the first "
                        "user to sign in becomes an admin and appears here."));
    layout->addWidget(m_empty, 1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_refresh);
    row->addStretch();
    row->addWidget(m_promote);
    row->addWidget(m_demote);
    layout->addLayout(row);
    connect(m_refresh, &QPushButton::clicked, m_users, &UsersModel::refresh);
    auto change = [this](const QString &role) {
        const int row = m_table->currentIndex().row();
        const QString name = m_users->index(row, UsersModel::UsernameColumn).data().toString();
        const QString text =
            role == QLatin1String("admin")
                ? tr("Make %1 an admin? Admins can change every setting and every user's role.")
                      .arg(name)
                : tr("Make %1 a viewer? They can then read but not change anything.").arg(name);
        if (QMessageBox::question(this, tr("Change role"), text) == QMessageBox::Yes)
            m_users->setRole(m_users->idAt(row), role);
    };
    connect(m_promote, &QPushButton::clicked, this, [change] { change(QStringLiteral("admin")); });
    connect(m_demote, &QPushButton::clicked, this, [change] { change(QStringLiteral("viewer")); });
    connect(m_users, &UsersModel::failed, this,
            [this](const QString &message) { m_note->setText(tr("✗ %1").arg(message)); });
    connect(m_users, &UsersModel::modelReset, this, &UsersPage::updateButtons);
    connect(m_users, &UsersModel::refreshed, m_table, &QTableView::resizeColumnsToContents);
    connect(m_users, &UsersModel::dataChanged, this, &UsersPage::updateButtons);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &UsersPage::updateButtons);
    connect(m_access, &ConsoleAccess::changed, this, &UsersPage::updateButtons);
    updateButtons();
}

void UsersPage::updateButtons()
{
    const bool empty = m_users->rowCount() == 0;
    m_table->setVisible(!empty);
    m_empty->setVisible(empty);
    const int row = m_table->currentIndex().row();
    const bool admin = m_access->isAdmin();
    const QString role = m_users->roleAt(row);
    m_promote->setEnabled(admin && role == QLatin1String("viewer"));
    m_demote->setEnabled(admin && role == QLatin1String("admin"));
    const QString why = admin ? QString() : m_access->readOnlyReason();
    m_promote->setToolTip(why);
    m_demote->setToolTip(why);
}

} // namespace gantry
