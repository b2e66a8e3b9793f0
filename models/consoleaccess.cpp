#include "consoleaccess.h"

#include "controlplaneclient.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gantry {

ConsoleAccess::ConsoleAccess(ControlPlaneClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

void ConsoleAccess::refresh()
{
    m_client->get(QStringLiteral("/v1/session"), [this](const ApiResult &r) {
        if (!r.ok())
            return; // the connection status says why; keep what we knew
        const QJsonObject o = r.json.object();
        m_known = true;
        m_role = o.value("role").toString();
        m_name = o.value("name").toString();
        Q_EMIT changed();
    });
}

QString ConsoleAccess::readOnlyReason() const
{
    if (isAdmin() || !m_known)
        return {};
    return tr("%1 is a viewer: viewers can look at everything but change nothing. An admin can "
              "promote you on the Users page.")
        .arg(m_name.isEmpty() ? tr("This account") : m_name);
}

void ConsoleAccess::login(const QString &username, const QString &password)
{
    const QByteArray body =
        QJsonDocument(QJsonObject{{"username", username}, {"password", password}})
            .toJson(QJsonDocument::Compact);
    m_client->request("POST", QStringLiteral("/v1/login"), body, [this](const ApiResult &r) {
        if (!r.ok()) {
            Q_EMIT loginFailed(r.error.message.isEmpty() ? r.describeError() : r.error.message,
                               r.error.code == QLatin1String("login_unavailable"));
            return;
        }
        const QJsonObject o = r.json.object();
        m_token = o.value("token").toString().toUtf8();
        m_client->setToken(m_token);
        const QJsonObject user = o.value("user").toObject();
        m_known = true;
        m_role = user.value("role").toString();
        m_name = user.value("username").toString();
        Q_EMIT loggedIn(m_name, m_role);
        Q_EMIT changed();
    });
}

void ConsoleAccess::logout()
{
    m_client->request("POST", QStringLiteral("/v1/logout"), "{}", [this](const ApiResult &) {
        m_client->setToken({});
        m_token.clear();
        m_known = false;
        m_role.clear();
        m_name.clear();
        Q_EMIT loggedOut();
        Q_EMIT changed();
    });
}

} // namespace gantry
