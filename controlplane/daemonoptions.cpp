#include "daemonoptions.h"

#include "buildinfo.h"
#include "fleet/fleetspec.h"
#include "handshake.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace gantry {

QString DaemonOptions::parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const QString expected = QStringLiteral("expected HOST:PORT, e.g. 127.0.0.1:8800 or [::1]:0");
    const qsizetype colon = text.lastIndexOf(':');
    if (colon <= 0)
        return QStringLiteral("--listen \"%1\": %2").arg(text, expected);
    QString host = text.left(colon);
    const QString portText = text.mid(colon + 1);
    if (host.startsWith('[') && host.endsWith(']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint value = portText.toUInt(&ok);
    if (!ok || value > 65535)
        return QStringLiteral("--listen \"%1\": port must be a number from 0 to 65535; %2")
            .arg(text, expected);
    QHostAddress parsed;
    if (host.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0)
        parsed = QHostAddress(QHostAddress::LocalHost);
    else if (!parsed.setAddress(host))
        return QStringLiteral("--listen \"%1\": \"%2\" is not an IP address; %3")
            .arg(text, host, expected);
    *address = parsed;
    *port = quint16(value);
    return {};
}

QString DaemonOptions::loopbackRefusal() const
{
    return QStringLiteral("gantryd: refusing to listen on %1: it is not a loopback address, and "
                          "plain HTTP is only served on loopback. Use 127.0.0.1 or [::1], or serve "
                          "HTTPS with TLS (apply tls.certificate and tls.private_key, or give "
                          "--tls-cert and --tls-key).")
        .arg(listenText);
}

bool DaemonOptions::isLoopback(const QHostAddress &address)
{
    return address.isLoopback();
}

std::variant<DaemonOptions, DaemonOptions::Exit> DaemonOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("gantryd: the Gantry control plane. It owns the settings, the fleet and "
                       "the audit log of a CI installation and serves them over HTTP (/v1)."));
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"),
        QStringLiteral("Directory for all state (created mode 0700). Default: %1.")
            .arg(Handshake::defaultDataDir()),
        QStringLiteral("DIR"));
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral("Address to serve on. Default 127.0.0.1:0 (any free port). Plain HTTP is "
                       "only served on loopback."),
        QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:0"));
    const QCommandLineOption tokenStdin(
        QStringLiteral("token-stdin"),
        QStringLiteral("Read the API token as the first line of standard input (else make one)."));
    const QCommandLineOption keyStdin(
        QStringLiteral("key-stdin"),
        QStringLiteral("Read the secrets key (64 hex digits) as the next line of standard input "
                       "(else use DATA/secret.key)."));
    const QCommandLineOption tlsCert(
        QStringLiteral("tls-cert"),
        QStringLiteral("Serve HTTPS with this PEM certificate chain (leaf first). Without it, the "
                       "certificate of the applied tls settings is used, if any."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(
        QStringLiteral("tls-key"), QStringLiteral("The unencrypted PEM private key of --tls-cert."),
        QStringLiteral("FILE"));
    const QCommandLineOption fleet(
        QStringLiteral("fleet"),
        QStringLiteral("The embedded local fleet: local:N or local:NxCcpu,Mg (default "
                       "local:3x8cpu,16g; 2 CPUs and 4 GB of each node are reserved). Nodes "
                       "beyond N from an earlier run (a larger N, or added through the API) stay "
                       "until removed through the API."),
        QStringLiteral("SPEC"), QStringLiteral("local:3x8cpu,16g"));
    const QCommandLineOption sampleLoad(
        QStringLiteral("sample-load"),
        QStringLiteral("Submit realistic sample workflows so that the fleet has work to show."));
    const QCommandLineOption retentionDays(
        QStringLiteral("retention-days"),
        QStringLiteral("Remove allocation logs and finished jobs older than N days (default 7)."),
        QStringLiteral("N"), QStringLiteral("7"));
    const QCommandLineOption retentionJobs(
        QStringLiteral("retention-jobs"),
        QStringLiteral("Keep at most N finished jobs (default 10000)."), QStringLiteral("N"),
        QStringLiteral("10000"));
    const QCommandLineOption ignoreDatabaseUrl(
        QStringLiteral("ignore-database-url"),
        QStringLiteral("Keep the audit log in DATA/gantry.db for this run even when the applied "
                       "storage.database_url is set (to correct a URL that keeps gantryd from "
                       "starting)."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"),
                                     QStringLiteral("Show the version."));
    parser.addOptions({dataDir, listen, tokenStdin, keyStdin, tlsCert, tlsKey, fleet, sampleLoad,
                       retentionDays, retentionJobs, ignoreDatabaseUrl, help, version});

    if (!parser.parse(arguments))
        return Exit{2,
                    QStringLiteral("gantryd: %1\nTry 'gantryd --help'.").arg(parser.errorText())};
    if (parser.isSet(help))
        return Exit{0, parser.helpText()};
    if (parser.isSet(version))
        return Exit{0, QStringLiteral("gantryd %1").arg(QString::fromLatin1(kVersion))};
    if (!parser.positionalArguments().isEmpty())
        return Exit{2, QStringLiteral("gantryd: unexpected argument \"%1\"\nTry 'gantryd --help'.")
                           .arg(parser.positionalArguments().constFirst())};

    DaemonOptions options;
    options.dataDir = parser.isSet(dataDir) ? parser.value(dataDir) : Handshake::defaultDataDir();
    if (options.dataDir.isEmpty())
        return Exit{2, QStringLiteral("gantryd: --data-dir must not be empty")};
    const QString why =
        parseListen(parser.value(listen), &options.listenAddress, &options.listenPort);
    if (!why.isEmpty())
        return Exit{2, QStringLiteral("gantryd: %1").arg(why)};
    options.tlsCertificateFile = parser.value(tlsCert);
    options.tlsKeyFile = parser.value(tlsKey);
    if (options.tlsCertificateFile.isEmpty() != options.tlsKeyFile.isEmpty())
        return Exit{2, QStringLiteral("gantryd: --tls-cert and --tls-key go together: give both "
                                      "or neither")};
    options.listenText = parser.value(listen);
    // A non-loopback address without --tls-cert is decided at start: the applied tls settings
    // may provide the certificate. Without a data dir there are none, so refuse at once.
    if (!isLoopback(options.listenAddress) && !options.tls() &&
        !QFileInfo::exists(options.dataDir + QStringLiteral("/current")))
        return Exit{2, options.loopbackRefusal()};
    const ParsedFleetSpec spec = FleetSpec::parse(parser.value(fleet));
    if (!spec.spec)
        return Exit{2, QStringLiteral("gantryd: --fleet: %1").arg(spec.error)};
    options.fleet = parser.value(fleet);
    options.sampleLoad = parser.isSet(sampleLoad);
    bool ok = false;
    options.retentionDays = parser.value(retentionDays).toInt(&ok);
    if (!ok || options.retentionDays < 1)
        return Exit{2, QStringLiteral("gantryd: --retention-days must be a whole number of days "
                                      "≥ 1, got \"%1\"")
                           .arg(parser.value(retentionDays))};
    options.retentionJobs = parser.value(retentionJobs).toInt(&ok);
    if (!ok || options.retentionJobs < 1)
        return Exit{2, QStringLiteral("gantryd: --retention-jobs must be a whole number ≥ 1, got "
                                      "\"%1\"")
                           .arg(parser.value(retentionJobs))};
    options.tokenFromStdin = parser.isSet(tokenStdin);
    options.keyFromStdin = parser.isSet(keyStdin);
    options.ignoreDatabaseUrl = parser.isSet(ignoreDatabaseUrl);
    return options;
}

} // namespace gantry
