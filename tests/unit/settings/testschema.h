// Shared by the settings tests: the real resources/schema.yaml, and PEM material made by the
// openssl command line.
#pragma once

#include "settings/settingsschema.h"

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTest>

namespace gantry::test {

inline SettingsSchema loadSchema()
{
    QString why;
    const auto schema = SettingsSchema::fromFile(QStringLiteral(GANTRY_SCHEMA_FILE), &why);
    if (!schema)
        qFatal("cannot load the schema: %s", qPrintable(why));
    return *schema;
}

// Runs openssl with `args` in `dir`; returns false when it is missing or fails.
inline bool openssl(const QString &dir, const QStringList &args)
{
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        return false;
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral("openssl"), args);
    return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// key.pem (unencrypted EC key), cert.pem (self-signed for ci.example.com), enc.pem (encrypted).
inline bool makePem(const QString &dir)
{
    return openssl(dir, {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                         "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj",
                         "/CN=ci.example.com"}) &&
           openssl(dir, {"pkey", "-in", "key.pem", "-aes256", "-passout", "pass:secret", "-out",
                         "enc.pem"});
}

inline QString readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

} // namespace gantry::test
