// A throwaway PostgreSQL server for tests: initdb in a temporary directory, started on loopback
// on a free port, one fresh database per test, stopped and removed at the end. PostgreSQL
// refuses to run as root, so as root it runs as the `postgres` user the package creates.
#pragma once

#include <QString>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>

namespace gantry {

class PostgresServer final
{
public:
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    // Empty when everything needed is installed, else "needs: …" for QSKIP.
    static QString missing();
    bool start(QString *error);
    void stop();
    bool isRunning() const { return m_running; }
    // A new, empty database on the server.
    QUrl createDatabase(QString *error);

private:
    bool run(const QStringList &command, QString *error) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir;
    QString m_dataDir;
    int m_port = 0;
    int m_databases = 0;
    bool m_running = false;
};

} // namespace gantry
