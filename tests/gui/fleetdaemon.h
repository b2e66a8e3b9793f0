// A real gantryd for the fleet page tests: started on a temporary data dir with a LocalFleet,
// found through its gantryd.json, killed at the end.
#pragma once

#include "handshake.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace gantry {

class FleetDaemon final
{
public:
    ~FleetDaemon() { stop(); }

    // Empty on success, else what went wrong. With a token, gantryd takes it on stdin (so a
    // restarted gantryd accepts the clients of the previous one).
    QString start(const QStringList &extraArguments = {}, const QByteArray &token = {})
    {
        const QString bin = QDir(qEnvironmentVariable("GANTRY_BIN_DIR")).filePath("gantryd");
        if (!QFile::exists(bin))
            return QStringLiteral("needs gantryd at %1 (GANTRY_BIN_DIR)").arg(bin);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QStringList arguments{"--data-dir", dataDir()};
        if (!token.isEmpty())
            arguments << "--token-stdin";
        QFile::remove(QDir(dataDir()).filePath(Handshake::fileName()));
        m_process.start(bin, arguments + extraArguments);
        if (!m_process.waitForStarted(5000))
            return m_process.errorString();
        if (!token.isEmpty())
            m_process.write(token + '\n');
        QDeadlineTimer deadline(20000);
        while (!m_process.canReadLine() && !deadline.hasExpired())
            m_process.waitForReadyRead(100);
        QString error;
        const auto handshake = Handshake::read(dataDir(), &error);
        if (!handshake)
            return error;
        m_address = handshake->address;
        m_token = handshake->token.toUtf8();
        return {};
    }
    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }
    QString address() const { return m_address; }
    QByteArray token() const { return m_token; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_address;
    QByteArray m_token;
};

} // namespace gantry
