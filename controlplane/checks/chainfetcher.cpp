#include "chainfetcher.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

namespace gantry {

QJsonObject FetchedChain::toJson() const
{
    QJsonObject out = check.toJson();
    out.insert(QStringLiteral("pem"), QString::fromLatin1(pem));
    QJsonArray list;
    for (const CertificateSummary &summary : certificates)
        list.append(summary.toJson());
    out.insert(QStringLiteral("certificates"), list);
    return out;
}

FetchedChain ChainFetcher::fetch(const QString &host, int port, const CheckOptions &options)
{
    FetchedChain out;
    CheckResult &result = out.check;
    StepClock clock;
    auto step = [&](const QString &name, CheckLevel level, const QString &message) {
        result.add(name, level, message, clock.ms());
        clock.restart();
    };
    const QString target = QStringLiteral("%1:%2").arg(host).arg(port);
    if (host.trimmed().isEmpty() || host.contains(QLatin1Char('/')) || port < 1 || port > 65535) {
        step(QStringLiteral("address"), CheckLevel::Fail,
             QStringLiteral("\"%1\" is not a host and port (expected HOST:PORT, e.g. "
                            "ldap.example.org:636)")
                 .arg(target));
        return out;
    }
    if (!QSslSocket::supportsSsl()) {
        step(QStringLiteral("connect"), CheckLevel::Fail,
             QStringLiteral("this gantryd has no TLS support (Qt's TLS backend did not load)"));
        return out;
    }

    QSslSocket socket;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    // Accept any certificate: the administrator wants to see the chain before trusting it.
    config.setPeerVerifyMode(QSslSocket::QueryPeer);
    socket.setSslConfiguration(config);
    socket.setPeerVerifyName(host);
    const qint64 timeout = options.stepTimeout.count();
    constexpr int kSlice = 100;

    // Waits in slices so a cancel is noticed within kSlice ms.
    auto waitFor = [&](auto &&wait, auto &&done) {
        QElapsedTimer elapsed;
        elapsed.start();
        while (!done()) {
            if (options.cancelled() || elapsed.elapsed() >= timeout)
                return false;
            wait(kSlice);
            if (socket.state() == QAbstractSocket::UnconnectedState && !done())
                return false;
        }
        return true;
    };

    socket.connectToHost(host, quint16(port));
    const bool connected =
        waitFor([&](int ms) { socket.waitForConnected(ms); },
                [&] { return socket.state() == QAbstractSocket::ConnectedState; });
    if (options.cancelled()) {
        step(QStringLiteral("cancelled"), CheckLevel::Fail,
             QStringLiteral("the check was cancelled"));
        return out;
    }
    if (!connected) {
        step(QStringLiteral("connect"), CheckLevel::Fail,
             socket.error() == QAbstractSocket::UnknownSocketError
                 ? QStringLiteral("cannot connect to %1: no answer within %2 s")
                       .arg(target)
                       .arg(timeout / 1000.0)
                 : QStringLiteral("cannot connect to %1: %2").arg(target, socket.errorString()));
        return out;
    }
    step(QStringLiteral("connect"), CheckLevel::Ok,
         QStringLiteral("connected to %1 (%2)").arg(target, socket.peerAddress().toString()));

    socket.startClientEncryption();
    const bool encrypted =
        waitFor([&](int ms) { socket.waitForEncrypted(ms); }, [&] { return socket.isEncrypted(); });
    if (options.cancelled()) {
        step(QStringLiteral("cancelled"), CheckLevel::Fail,
             QStringLiteral("the check was cancelled"));
        return out;
    }
    const QList<QSslCertificate> chain = socket.peerCertificateChain();
    if (!encrypted && chain.isEmpty()) {
        step(QStringLiteral("handshake"), CheckLevel::Fail,
             QStringLiteral("no TLS handshake with %1: %2 (is it a TLS port? For LDAP with "
                            "StartTLS, use the LDAPS port)")
                 .arg(target, socket.errorString().isEmpty() ? QStringLiteral("timed out")
                                                             : socket.errorString()));
        return out;
    }
    step(QStringLiteral("handshake"), CheckLevel::Ok,
         QStringLiteral("%1 with %2")
             .arg(socket.sessionCipher().protocolString(), socket.sessionCipher().name()));
    socket.abort();

    for (const QSslCertificate &cert : chain)
        out.pem += cert.toPem();
    out.certificates = certificateSummary(out.pem);
    if (out.certificates.isEmpty()) {
        step(QStringLiteral("chain"), CheckLevel::Fail,
             QStringLiteral("%1 presented no certificate").arg(target));
        return out;
    }
    const bool hasRoot = out.certificates.constLast().selfSigned;
    step(QStringLiteral("chain"), hasRoot ? CheckLevel::Ok : CheckLevel::Warn,
         hasRoot ? QStringLiteral("%1 certificate(s), ending in the root %2")
                       .arg(out.certificates.size())
                       .arg(out.certificates.constLast().subject)
                 : QStringLiteral("%1 certificate(s); the server does not present its root "
                                  "(issuer %2): get it from the CA and add it to "
                                  "tls.custom_root_cas")
                       .arg(out.certificates.size())
                       .arg(out.certificates.constLast().issuer));

    const QList<QSslError> errors =
        QSslCertificate::verify(chain, QHostAddress(host).isNull() ? host : QString());
    if (errors.isEmpty()) {
        step(QStringLiteral("trust"), CheckLevel::Ok,
             QStringLiteral("the system store trusts this chain"));
    } else {
        step(QStringLiteral("trust"), CheckLevel::Warn,
             QStringLiteral("the system store does not trust this chain (%1); add the root to "
                            "tls.custom_root_cas if you trust it")
                 .arg(errors.constFirst().errorString()));
    }
    return out;
}

} // namespace gantry
