// Signs in to a remote gantryd that has LDAP on, with an LDAP user name and password; gantryd's
// answer (wrong password, throttled, LDAP off) is shown as it says it.
#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace gantry {

class ConsoleAccess;

class LoginDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoginDialog)
public:
    // exec()'s answer when the admin chose to give an API token instead.
    static constexpr int UseToken = 2;

    LoginDialog(ConsoleAccess *access, const QString &address, QWidget *parent = nullptr);

    // Why the dialog asks (e.g. the session expired), above the fields.
    void setReason(const QString &reason);
    // Adds "Use an API token instead": exec() then answers UseToken.
    void offerTokenInstead();

    QLineEdit *username() const { return m_username; }
    QLineEdit *password() const { return m_password; }
    QString errorText() const;

private:
    void signIn();

    ConsoleAccess *m_access;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLabel *m_reason;
    QLabel *m_error;
    QPushButton *m_signIn;
    QDialogButtonBox *m_buttons;
};

} // namespace gantry
