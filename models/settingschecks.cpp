#include "settingschecks.h"

#include "controlplaneclient.h"
#include "settingsviewmodel.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gantry {

SettingsChecks::SettingsChecks(SettingsViewModel *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{}

QList<CheckStep> SettingsChecks::stepsFrom(const QJsonObject &result)
{
    QList<CheckStep> steps;
    for (const QJsonValue &v : result.value("steps").toArray()) {
        const QJsonObject o = v.toObject();
        steps.append({o.value("name").toString(), o.value("level").toString(),
                      o.value("message").toString(), o.value("ms").toInt()});
    }
    return steps;
}

void SettingsChecks::testLdap(const QString &username, const QString &password)
{
    QJsonObject body = m_settings->fragment({QStringLiteral("ldap"), QStringLiteral("tls")});
    body.insert("username", username);
    body.insert("password", password);
    run(Kind::Ldap, QStringLiteral("/v1/checks/ldap"), body);
}

void SettingsChecks::verifyTls(const QString &hostname)
{
    // The host name to check is general.hostname of the fragment.
    QJsonObject body = m_settings->fragment({QStringLiteral("tls")});
    body.insert("general", QJsonObject{{"hostname", hostname}});
    run(Kind::Tls, QStringLiteral("/v1/checks/tls"), body);
}

void SettingsChecks::testProxy(const QString &url)
{
    // The tls group too: its custom root CAs, saved or not, are what an HTTPS target is
    // trusted by.
    QJsonObject body = m_settings->fragment({QStringLiteral("proxy"), QStringLiteral("tls")});
    body.insert("url", url);
    run(Kind::Proxy, QStringLiteral("/v1/checks/proxy"), body);
}

void SettingsChecks::generateSelfSigned(const QString &hostname, int days)
{
    run(Kind::SelfSigned, QStringLiteral("/v1/tls/self-signed"),
        QJsonObject{{"hostname", hostname}, {"days", days}});
}

void SettingsChecks::fetchChain(const QString &host, int port)
{
    run(Kind::FetchChain, QStringLiteral("/v1/tls/fetch-chain"),
        QJsonObject{{"host", host}, {"port", port}});
}

void SettingsChecks::cancel()
{
    if (!m_running)
        return;
    ++m_generation;
    m_running = false;
    Q_EMIT cancelled(m_kind);
}

void SettingsChecks::run(Kind kind, const QString &path, const QJsonObject &body)
{
    if (m_running)
        cancel();
    const quint64 generation = ++m_generation;
    m_running = true;
    m_kind = kind;
    Q_EMIT started(kind);
    m_settings->client()->request(
        "POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact),
        [this, kind, generation](const ApiResult &r) {
            if (generation != m_generation)
                return;
            m_running = false;
            if (!r.ok()) {
                QString message = r.error.message.isEmpty() ? r.describeError() : r.error.message;
                for (const FieldError &f : r.error.fields)
                    message += QStringLiteral("\n%1: %2").arg(f.field, f.message);
                Q_EMIT failed(kind, message);
                return;
            }
            handle(kind, r.json.object());
        });
}

void SettingsChecks::handle(Kind kind, const QJsonObject &result)
{
    if (kind == Kind::SelfSigned) {
        const QString certificate = result.value("certificate").toString();
        const QString key = result.value("private_key").toString();
        if (certificate.isEmpty() || key.isEmpty()) {
            Q_EMIT failed(kind, tr("gantryd answered without a certificate and key."));
            return;
        }
        m_settings->setValue(QStringLiteral("tls.certificate"), certificate);
        m_settings->setSecret(QStringLiteral("tls.private_key"), key);
        Q_EMIT finished(kind, true,
                        {{tr("Generate"), QStringLiteral("ok"),
                          tr("A self-signed certificate and its key are filled in; apply to "
                             "keep them."),
                          0}});
        return;
    }
    const bool ok = result.value("ok").toBool();
    if (kind == Kind::FetchChain && ok)
        Q_EMIT chainFetched(result.value("pem").toString(), result.value("certificates").toArray());
    Q_EMIT finished(kind, ok, stepsFrom(result));
}

} // namespace gantry
