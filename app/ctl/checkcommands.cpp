// gantryctl's real checks: ldap test, tls verify, tls self-signed, tls fetch-chain, proxy test.
// Each prints its steps; exit 0 when the check passes (warnings included), 1 when it fails.
#include "atomicfile.h"
#include "ctlcommand.h"
#include "ctlsession.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <iostream>
#include <string>

namespace gantry {

namespace {

int printCheck(CtlSession &session, const ApiResult &r)
{
    if (!r.ok())
        return session.fail(r);
    const QJsonObject o = r.json.object();
    if (session.json()) {
        session.printJson(o);
    } else {
        for (const QJsonValue &v : o.value("steps").toArray()) {
            const QJsonObject step = v.toObject();
            const QString level = step.value("level").toString();
            const QString mark = level == "ok"     ? QStringLiteral("✔")
                                 : level == "warn" ? QStringLiteral("!")
                                                   : QStringLiteral("✘");
            session.printLine(QStringLiteral("%1 %2 (%3 ms): %4")
                                  .arg(mark, step.value("name").toString())
                                  .arg(step.value("ms").toInteger())
                                  .arg(step.value("message").toString()));
        }
    }
    return o.value("ok").toBool() ? kExitOk : kExitFailed;
}

std::optional<QByteArray> readFile(CtlSession &session, const QString &flag, const QString &path,
                                   int *code)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *code = session.usageError(QStringLiteral("%1 %2: %3").arg(flag, path, f.errorString()));
        return std::nullopt;
    }
    return f.readAll();
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

int runLdapTest(CtlSession &session, const CtlInvocation &inv)
{
    if (!inv.has(QStringLiteral("user")))
        return session.usageError(QStringLiteral("ldap test: -user U is required"));
    if (!inv.has(QStringLiteral("password-stdin")))
        return session.usageError(
            QStringLiteral("ldap test: give the password on standard input "
                           "with -password-stdin (never on the command line)"));
    std::string line;
    std::getline(std::cin, line);
    QJsonObject body{{"username", inv.value(QStringLiteral("user"))},
                     {"password", QString::fromStdString(line)}};
    if (inv.has(QStringLiteral("from"))) {
        int code = kExitOk;
        const auto yaml =
            readFile(session, QStringLiteral("-from"), inv.value(QStringLiteral("from")), &code);
        if (!yaml)
            return code;
        body.insert("settings_yaml", QString::fromUtf8(*yaml));
    }
    return printCheck(session,
                      session.call("POST", QStringLiteral("/v1/checks/ldap"), compact(body)));
}

int runTlsVerify(CtlSession &session, const CtlInvocation &inv)
{
    int code = kExitOk;
    const auto cert =
        readFile(session, QStringLiteral("-cert"), inv.value(QStringLiteral("cert")), &code);
    if (!cert)
        return code;
    const auto key =
        readFile(session, QStringLiteral("-key"), inv.value(QStringLiteral("key")), &code);
    if (!key)
        return code;
    const QJsonObject body{{"certificate", QString::fromUtf8(*cert)},
                           {"private_key", QString::fromUtf8(*key)},
                           {"hostname", inv.value(QStringLiteral("hostname"))}};
    return printCheck(session,
                      session.call("POST", QStringLiteral("/v1/checks/tls"), compact(body)));
}

int runSelfSigned(CtlSession &session, const CtlInvocation &inv)
{
    const QString host = inv.value(QStringLiteral("hostname"));
    if (host.isEmpty())
        return session.usageError(QStringLiteral("tls self-signed: -hostname H is required"));
    bool ok = true;
    const int days =
        inv.has(QStringLiteral("days")) ? inv.value(QStringLiteral("days")).toInt(&ok) : 365;
    if (!ok || days < 1)
        return session.usageError(
            QStringLiteral("tls self-signed: -days must be a number of days ≥ 1"));
    const QString dir = inv.value(QStringLiteral("out-dir"), QStringLiteral("."));
    if (!QDir().mkpath(dir))
        return session.usageError(QStringLiteral("tls self-signed: cannot create %1").arg(dir));
    const ApiResult r = session.call("POST", QStringLiteral("/v1/tls/self-signed"),
                                     compact({{"hostname", host}, {"days", days}}));
    if (!r.ok())
        return session.fail(r);
    const QJsonObject o = r.json.object();
    const QString certPath = QDir(dir).filePath(host + QStringLiteral(".crt"));
    const QString keyPath = QDir(dir).filePath(host + QStringLiteral(".key"));
    QString why = AtomicFile::write(certPath, o.value("certificate").toString().toUtf8(),
                                    QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                        QFileDevice::ReadGroup | QFileDevice::ReadOther);
    if (why.isEmpty())
        why = AtomicFile::write(keyPath, o.value("private_key").toString().toUtf8()); // 0600
    if (!why.isEmpty()) {
        std::fprintf(stderr, "gantryctl: %s\n", qPrintable(why));
        return kExitFailed;
    }
    if (session.json())
        session.printJson(QJsonObject{{"certificate", certPath}, {"private_key", keyPath}});
    else
        session.printLine(
            QStringLiteral("Wrote %1 and %2 (the key mode 0600)").arg(certPath, keyPath));
    return kExitOk;
}

int runFetchChain(CtlSession &session, const CtlInvocation &inv)
{
    const QString target = inv.positionals.at(0);
    const qsizetype colon = target.lastIndexOf(':');
    bool ok = false;
    const int port = colon > 0 ? target.mid(colon + 1).toInt(&ok) : 0;
    if (!ok || port < 1 || port > 65535)
        return session.usageError(
            QStringLiteral("tls fetch-chain: expected HOST:PORT, e.g. ldap.example.com:636"));
    const ApiResult r = session.call("POST", QStringLiteral("/v1/tls/fetch-chain"),
                                     compact({{"host", target.left(colon)}, {"port", port}}));
    if (!r.ok())
        return session.fail(r);
    const QJsonObject o = r.json.object();
    if (session.json()) {
        session.printJson(o);
        return o.value("ok").toBool() ? kExitOk : kExitFailed;
    }
    for (const QJsonValue &c : o.value("certificates").toArray())
        std::fprintf(stderr, "# subject %s, issuer %s, not after %s\n",
                     qPrintable(c.toObject().value("subject").toString()),
                     qPrintable(c.toObject().value("issuer").toString()),
                     qPrintable(c.toObject().value("not_after").toString()));
    const QByteArray pem = o.value("pem").toString().toUtf8();
    std::fwrite(pem.constData(), 1, size_t(pem.size()), stdout);
    return o.value("ok").toBool() ? kExitOk : kExitFailed;
}

int runProxyTest(CtlSession &session, const CtlInvocation &inv)
{
    if (!inv.has(QStringLiteral("http-proxy")) && !inv.has(QStringLiteral("https-proxy")))
        return session.usageError(
            QStringLiteral("proxy test: give -http-proxy URL and/or -https-proxy URL"));
    QJsonArray noProxy;
    for (const QString &h : inv.value(QStringLiteral("no-proxy")).split(',', Qt::SkipEmptyParts))
        noProxy.append(h.trimmed());
    const QJsonObject body{{"http_proxy", inv.value(QStringLiteral("http-proxy"))},
                           {"https_proxy", inv.value(QStringLiteral("https-proxy"))},
                           {"no_proxy", noProxy},
                           {"url", inv.positionals.at(0)}};
    return printCheck(session,
                      session.call("POST", QStringLiteral("/v1/checks/proxy"), compact(body)));
}

} // namespace

QList<CtlCommand> checkCommands()
{
    return {
        {{"ldap", "test"},
         "[-from FILE] -user U -password-stdin",
         "log in as a test user against the LDAP settings (FILE's ldap and tls groups, else the "
         "applied ones)",
         {{"from", true, "a settings YAML document whose ldap and tls groups are used"},
          {"user", true, "the test user's name"},
          {"password-stdin", false, "read the test user's password from standard input"}},
         0,
         0,
         &runLdapTest},
        {{"tls", "verify"},
         "-cert FILE -key FILE -hostname H",
         "check a certificate chain and its key: parse, match, order, host name, expiry, trust",
         {{"cert", true, "PEM certificate chain, leaf first"},
          {"key", true, "unencrypted PEM private key"},
          {"hostname", true, "the name users reach the installation by"}},
         0,
         0,
         &runTlsVerify},
        {{"tls", "self-signed"},
         "-hostname H [-days N] [-out-dir D]",
         "make a self-signed certificate (RSA 2048, SAN = H): writes D/H.crt and D/H.key (0600)",
         {{"hostname", true, "DNS name or IP address"},
          {"days", true, "validity (default 365)"},
          {"out-dir", true, "where to write (created; default .)"}},
         0,
         0,
         &runSelfSigned},
        {{"tls", "fetch-chain"},
         "HOST:PORT",
         "print the PEM chain a TLS server presents, ready for tls.custom_root_cas",
         {},
         1,
         1,
         &runFetchChain},
        {{"proxy", "test"},
         "-http-proxy URL [-https-proxy URL] [-no-proxy LIST] TARGET-URL",
         "fetch TARGET-URL through the proxy that applies",
         {{"http-proxy", true, "<protocol>://<ip-or-host>:<port>"},
          {"https-proxy", true, "<protocol>://<ip-or-host>:<port>"},
          {"no-proxy", true, "comma-separated hosts that bypass the proxy"}},
         1,
         1,
         &runProxyTest},
    };
}

} // namespace gantry
