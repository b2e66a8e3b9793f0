// gantryd's command line, parsed and validated: every problem is reported with the option it
// concerns and the form expected, and leads to exit code 2.
#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <variant>

namespace gantry {

struct DaemonOptions
{
    QString dataDir;
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 0;
    QString listenText = QStringLiteral("127.0.0.1:0"); // as given, for messages
    bool tokenFromStdin = false;
    bool keyFromStdin = false;
    QString tlsCertificateFile; // PEM chain, leaf first; with tlsKeyFile: serve HTTPS
    QString tlsKeyFile;         // unencrypted PEM private key
    bool tls() const { return !tlsCertificateFile.isEmpty(); }
    QString fleet = QStringLiteral("local:3x8cpu,16g"); // --fleet, checked by FleetSpec
    bool sampleLoad = false;
    int retentionDays = 7;     // allocation logs and finished jobs older than this go
    int retentionJobs = 10000; // finished jobs beyond the newest this many go
    // --ignore-database-url: keep the audit log in the data dir's SQLite for this run even when
    // the applied storage.database_url is set, so a bad URL can be corrected through the API.
    bool ignoreDatabaseUrl = false;

    struct Exit // --help, --version, or a usage error: print text, exit with code
    {
        int code;
        QString text;
    };
    static std::variant<DaemonOptions, Exit> parse(const QStringList &arguments);

    // "HOST:PORT" with HOST an IP address, "localhost" or "[v6]". Fills address and port or
    // returns the reason it cannot.
    static QString parseListen(const QString &text, QHostAddress *address, quint16 *port);
    // Plain HTTP is only for loopback: anything else needs TLS.
    static bool isLoopback(const QHostAddress &address);
    QString loopbackRefusal() const;
};

} // namespace gantry
