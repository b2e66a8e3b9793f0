// Runs the embedded gantryd for gantry: attaches to one already serving the data dir (its
// gantryd.json answers with its token), or starts the gantryd next to gantry's executable with
// the token and key on stdin and PR_SET_PDEATHSIG, and restarts it with backoff when it dies.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QTimer>

namespace gantry {

class ControlPlaneClient;

class EmbeddedDaemon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbeddedDaemon)
public:
    EmbeddedDaemon(QString gantrydPath, QString dataDir, QObject *parent = nullptr);
    ~EmbeddedDaemon() override;

    // Hex secrets key handed to gantryd with --key-stdin; empty: gantryd uses DATA/secret.key.
    void setSecretsKey(const QByteArray &hexKey) { m_keyHex = hexKey; }
    void setExtraArguments(const QStringList &arguments) { m_extraArguments = arguments; }
    // How long a starting gantryd may stay silent (no line on stdout) before it is killed and
    // restarted; gantryd says what it is doing every 5 s of a long start.
    void setStartupTimeout(int milliseconds) { m_startupTimeoutMs = milliseconds; }
    QStringList extraArguments() const { return m_extraArguments; }

    void start();     // attach or launch; emits ready() or died()
    void stop();      // stops the gantryd this object started (SIGTERM, then SIGKILL after 5 s)
    void reconnect(); // the attached/started gantryd stopped answering: find or start another

    bool isAttached() const { return m_attached; }
    qint64 processId() const { return m_process ? m_process->processId() : 0; }
    QString dataDir() const { return m_dataDir; }
    static QString defaultGantrydPath();

Q_SIGNALS:
    void starting();
    void ready(const QString &address, const QByteArray &token, bool attached);
    // A long start is alive: what gantryd is doing ("migrating ...") and for how long.
    void startingStep(const QString &what, int seconds);
    void died(const QString &reason, int retryInMs);
    // gantryd refused to start for a reason a restart cannot change (exit code 2: its
    // arguments or secrets; 4: storage.database_url cannot be used). No retry follows; start()
    // tries again, e.g. with other extra arguments.
    void refused(int exitCode, const QString &reason);

private:
    void launch();
    void onStdout();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void scheduleRetry(const QString &reason);

    QString m_gantrydPath;
    QString m_dataDir;
    QByteArray m_token;
    QByteArray m_keyHex;
    QStringList m_extraArguments;
    QProcess *m_process = nullptr;
    ControlPlaneClient *m_probe;
    QTimer m_retryTimer;
    int m_startupTimeoutMs = 30000;
    QTimer m_startupTimeout;
    QElapsedTimer m_upSince;
    QByteArray m_stdoutBuffer;
    QByteArray m_lastStderr;
    int m_backoffMs = 1000;
    bool m_attached = false;
    bool m_stopping = false;
    bool m_listening = false;
};

} // namespace gantry
