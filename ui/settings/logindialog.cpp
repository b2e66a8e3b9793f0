#include "logindialog.h"

#include "consoleaccess.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gantry {

LoginDialog::LoginDialog(ConsoleAccess *access, const QString &address, QWidget *parent)
    : QDialog(parent)
    , m_access(access)
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_reason(new QLabel(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Sign in to %1").arg(address));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("This gantryd uses LDAP: sign in with your directory user name "
                                "and password."),
                             this);
    intro->setWordWrap(true);
    m_reason->setWordWrap(true);
    m_reason->hide();
    layout->addWidget(m_reason);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_username->setAccessibleName(tr("User name"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("&User name:"), m_username);
    form->addRow(tr("&Password:"), m_password);
    layout->addLayout(form);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();
    layout->addWidget(m_error);
    QDialogButtonBox *buttons = m_buttons;
    m_signIn = buttons->addButton(tr("Sign in"), QDialogButtonBox::AcceptRole);
    m_signIn->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    disconnect(buttons, &QDialogButtonBox::accepted, this, nullptr);
    connect(m_signIn, &QPushButton::clicked, this, &LoginDialog::signIn);
    connect(m_password, &QLineEdit::returnPressed, this, &LoginDialog::signIn);
    connect(m_access, &ConsoleAccess::loggedIn, this, &QDialog::accept);
    connect(m_access, &ConsoleAccess::loginFailed, this, [this](const QString &message) {
        m_error->setText(message);
        m_error->show();
        m_signIn->setEnabled(true);
        m_password->selectAll();
        m_password->setFocus();
    });
}

void LoginDialog::setReason(const QString &reason)
{
    m_reason->setText(reason);
    m_reason->setVisible(!reason.isEmpty());
}

void LoginDialog::offerTokenInstead()
{
    QPushButton *token =
        m_buttons->addButton(tr("Use an API &token instead…"), QDialogButtonBox::ActionRole);
    connect(token, &QPushButton::clicked, this, [this] { done(UseToken); });
}

void LoginDialog::signIn()
{
    if (!m_signIn->isEnabled())
        return; // a sign-in is on its way
    if (m_username->text().trimmed().isEmpty()) {
        m_error->setText(tr("Enter your user name."));
        m_error->show();
        m_username->setFocus();
        return;
    }
    m_signIn->setEnabled(false);
    m_error->hide();
    m_access->login(m_username->text().trimmed(), m_password->text());
}

QString LoginDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

} // namespace gantry
