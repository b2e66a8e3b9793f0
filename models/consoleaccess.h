// Who the console is signed in as (GET /v1/session) and signing in and out with LDAP
// credentials (POST /v1/login, /v1/logout); viewers get a read-only console.
#pragma once

#include <QObject>

namespace gantry {

class ControlPlaneClient;

class ConsoleAccess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleAccess)
public:
    explicit ConsoleAccess(ControlPlaneClient *client, QObject *parent = nullptr);

    void refresh(); // GET /v1/session
    bool isKnown() const { return m_known; }
    bool isAdmin() const { return m_role == QLatin1String("admin"); }
    QString role() const { return m_role; }
    QString name() const { return m_name; }
    // The tooltip of every control a viewer cannot use.
    QString readOnlyReason() const;

    // The session token of the last login (for the event stream and the keychain).
    QByteArray sessionToken() const { return m_token; }
    // On success the client uses the new session token.
    void login(const QString &username, const QString &password);
    void logout();

Q_SIGNALS:
    void changed();
    void loggedIn(const QString &username, const QString &role);
    // gantryd's message verbatim; `unavailable` when LDAP is off (tokens only).
    void loginFailed(const QString &message, bool unavailable);
    void loggedOut();

private:
    ControlPlaneClient *m_client;
    bool m_known = false;
    QString m_role;
    QString m_name;
    QByteArray m_token;
};

} // namespace gantry
