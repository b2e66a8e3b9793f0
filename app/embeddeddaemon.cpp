#include "embeddeddaemon.h"

#include "controlplaneclient.h"
#include "handshake.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace gantry {

namespace {
constexpr int kMaxBackoffMs = 30000;
constexpr int kStableAfterMs = 60000; // a gantryd up this long resets the backoff

QByteArray randomToken()
{
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), 8);
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}
} // namespace

EmbeddedDaemon::EmbeddedDaemon(QString gantrydPath, QString dataDir, QObject *parent)
    : QObject(parent)
    , m_gantrydPath(gantrydPath.isEmpty() ? defaultGantrydPath() : std::move(gantrydPath))
    , m_dataDir(QDir(dataDir).absolutePath())
    , m_token(randomToken())
    , m_probe(new ControlPlaneClient(this))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &EmbeddedDaemon::start);
    m_startupTimeout.setSingleShot(true);
    connect(&m_startupTimeout, &QTimer::timeout, this, [this] {
        m_lastStderr = QByteArray("did not print its listening line, nor say what it was doing, "
                                  "for ") +
                       QByteArray::number(m_startupTimeoutMs / 1000) + " s";
        if (m_process)
            m_process->kill();
    });
}

EmbeddedDaemon::~EmbeddedDaemon()
{
    stop();
}

QString EmbeddedDaemon::defaultGantrydPath()
{
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("gantryd"));
}

void EmbeddedDaemon::start()
{
    m_stopping = false;
    m_retryTimer.stop();
    Q_EMIT starting();
    // A gantryd already serving this data dir (another gantry's, or a headless one) is used as
    // it is: two control planes on one data dir would fight over it.
    const auto handshake = Handshake::read(m_dataDir);
    if (!handshake) {
        launch();
        return;
    }
    m_probe->setAddress(QUrl(handshake->address));
    m_probe->setToken(handshake->token.toUtf8());
    m_probe->setTrust(TlsTrust::fromPem(handshake->certificate, true));
    m_probe->setTimeout(3000);
    m_probe->version([this, handshake](const ApiResult &r) {
        if (m_stopping)
            return;
        if (r.ok()) {
            m_attached = true;
            m_backoffMs = 1000;
            Q_EMIT ready(handshake->address, handshake->token.toUtf8(), true);
        } else {
            launch(); // stale gantryd.json of a gantryd that died
        }
    });
}

void EmbeddedDaemon::launch()
{
    m_attached = false;
    m_listening = false;
    m_stdoutBuffer.clear();
    m_lastStderr.clear();
    if (!QFileInfo(m_gantrydPath).isExecutable()) {
        scheduleRetry(tr("%1 is missing or not executable").arg(m_gantrydPath));
        return;
    }
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
    }
    m_process = new QProcess(this);
    m_process->setProgram(m_gantrydPath);
    QStringList args{QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--listen"),
                     QStringLiteral("127.0.0.1:0"), QStringLiteral("--token-stdin")};
    if (!m_keyHex.isEmpty())
        args << QStringLiteral("--key-stdin");
    m_process->setArguments(args + m_extraArguments);
    const pid_t parent = ::getpid();
    m_process->setChildProcessModifier([parent] {
        // gantryd must never outlive gantry: the kernel sends SIGTERM when gantry dies. If gantry
        // died before this line ran, do not start at all.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent)
            ::_exit(1);
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this, &EmbeddedDaemon::onStdout);
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        const QByteArray text = m_process->readAllStandardError();
        std::fwrite(text.constData(), 1, size_t(text.size()), stderr); // keep gantryd's own words
        const QList<QByteArray> lines = text.trimmed().split('\n');
        if (!lines.isEmpty() && !lines.constLast().trimmed().isEmpty())
            m_lastStderr = lines.constLast().trimmed();
    });
    connect(m_process, &QProcess::finished, this, &EmbeddedDaemon::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            scheduleRetry(tr("cannot start %1: %2").arg(m_gantrydPath, m_process->errorString()));
    });
    m_process->start();
    // Token and key travel on stdin, never on the command line where `ps` shows them.
    QByteArray secrets = m_token + '\n';
    if (!m_keyHex.isEmpty())
        secrets += m_keyHex + '\n';
    m_process->write(secrets);
    m_process->closeWriteChannel();
    m_startupTimeout.start(m_startupTimeoutMs);
    m_upSince.start();
}

void EmbeddedDaemon::onStdout()
{
    m_stdoutBuffer += m_process->readAllStandardOutput();
    while (!m_listening) {
        const qsizetype newline = m_stdoutBuffer.indexOf('\n');
        if (newline < 0)
            return;
        const QByteArray line = m_stdoutBuffer.left(newline);
        m_stdoutBuffer.remove(0, newline + 1);
        const QJsonObject said = QJsonDocument::fromJson(line).object();
        const QString address = said.value(QStringLiteral("listening")).toString();
        if (const QString step = said.value(QStringLiteral("starting")).toString();
            !step.isEmpty()) {
            m_startupTimeout.start(m_startupTimeoutMs); // alive: silence counts from now
            Q_EMIT startingStep(step, said.value(QStringLiteral("seconds")).toInt());
        }
        if (address.isEmpty())
            continue;
        m_listening = true;
        m_startupTimeout.stop();
        Q_EMIT ready(address, m_token, false);
    }
    m_stdoutBuffer.clear();
}

void EmbeddedDaemon::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_startupTimeout.stop();
    if (m_stopping)
        return;
    QString reason = status == QProcess::CrashExit
                         ? tr("gantryd stopped unexpectedly (signal or crash)")
                         : tr("gantryd exited with code %1").arg(exitCode);
    if (!m_lastStderr.isEmpty())
        reason += QStringLiteral(": ") + QString::fromLocal8Bit(m_lastStderr);
    if (m_upSince.isValid() && m_upSince.elapsed() > kStableAfterMs)
        m_backoffMs = 1000;
    // Exit codes of gantryd (DESIGN.md): 2 and 4 are refusals at start that a restart with the
    // same arguments and data repeats forever.
    if (status == QProcess::NormalExit && !m_listening && (exitCode == 2 || exitCode == 4)) {
        Q_EMIT refused(exitCode, reason);
        return;
    }
    scheduleRetry(reason);
}

void EmbeddedDaemon::reconnect()
{
    if (m_stopping || m_retryTimer.isActive())
        return;
    if (m_process && m_process->state() != QProcess::NotRunning)
        return; // our own child is alive: its exit (if any) will be reported by onFinished
    scheduleRetry(tr("gantryd stopped answering"));
}

void EmbeddedDaemon::scheduleRetry(const QString &reason)
{
    if (m_retryTimer.isActive())
        return;
    const int delay = m_backoffMs;
    m_backoffMs = std::min(m_backoffMs * 2, kMaxBackoffMs);
    m_retryTimer.start(delay);
    Q_EMIT died(reason, delay);
}

void EmbeddedDaemon::stop()
{
    m_stopping = true;
    m_retryTimer.stop();
    m_startupTimeout.stop();
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

} // namespace gantry
