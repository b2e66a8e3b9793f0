// Test helper: a real gantryd started from the build's bin dir on a temporary data dir, with the
// handshake read from its stdout, and plain synchronous HTTP calls against it.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QJsonObject json() const;
    QByteArray header(const QByteArray &name) const;
};

class GantrydProcess final
{
public:
    static QString binary(const QString &name); // $GANTRY_BIN_DIR/name

    explicit GantrydProcess(QString dataDir = {});
    ~GantrydProcess();

    // Starts gantryd with `extraArgs`, writes `stdinText` and waits for the listening line.
    bool start(const QStringList &extraArgs = {}, const QByteArray &stdinText = {});
    QProcess &process() { return m_process; }
    // True once the process has exited (at once if it already has).
    bool waitExited(int ms = 5000)
    {
        return m_process.state() == QProcess::NotRunning || m_process.waitForFinished(ms);
    }
    QString dataDir() const { return m_dataDir; }
    QString address() const { return m_address; }

    static HttpAnswer request(const QString &url, const QByteArray &method = "GET",
                              const QByteArray &token = {}, const QByteArray &body = {});
    HttpAnswer get(const QString &path, const QByteArray &token = {}) const
    {
        return request(m_address + path, "GET", token);
    }

private:
    QTemporaryDir m_tmp;
    QString m_dataDir;
    QProcess m_process;
    QString m_address;
};
