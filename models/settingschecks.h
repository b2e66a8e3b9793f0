// Runs gantryd's checks (LDAP login, TLS verify, proxy, self-signed certificate, CA chain fetch)
// with the unsaved values of a SettingsViewModel; one check at a time, cancelable.
#pragma once

#include <QJsonObject>
#include <QObject>

namespace gantry {

class SettingsViewModel;

struct CheckStep
{
    QString name;
    QString level; // ok | warn | fail
    QString message;
    int ms = 0;
};

class SettingsChecks final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsChecks)
public:
    enum class Kind { Ldap, Tls, Proxy, SelfSigned, FetchChain };
    Q_ENUM(Kind)

    explicit SettingsChecks(SettingsViewModel *settings, QObject *parent = nullptr);

    void testLdap(const QString &username, const QString &password);
    void verifyTls(const QString &hostname);
    void testProxy(const QString &url);
    // On success the certificate goes into tls.certificate and the key into tls.private_key
    // (unsaved, like anything the admin types).
    void generateSelfSigned(const QString &hostname, int days);
    // On success `chainFetched` offers the PEM for tls.custom_root_cas.
    void fetchChain(const QString &host, int port);

    bool isRunning() const { return m_running; }
    // The result of the running check is dropped; gantryd ends it within its step timeout.
    void cancel();

    static QList<CheckStep> stepsFrom(const QJsonObject &result);

Q_SIGNALS:
    void started(gantry::SettingsChecks::Kind kind);
    void finished(gantry::SettingsChecks::Kind kind, bool ok,
                  const QList<gantry::CheckStep> &steps);
    // The request itself failed (unreachable, 400 with gantryd's message, 403 for viewers).
    void failed(gantry::SettingsChecks::Kind kind, const QString &message);
    void cancelled(gantry::SettingsChecks::Kind kind);
    void chainFetched(const QString &pem, const QJsonArray &certificates);

private:
    void run(Kind kind, const QString &path, const QJsonObject &body);
    void handle(Kind kind, const QJsonObject &result);

    SettingsViewModel *m_settings;
    quint64 m_generation = 0;
    bool m_running = false;
    Kind m_kind = Kind::Ldap;
};

} // namespace gantry
