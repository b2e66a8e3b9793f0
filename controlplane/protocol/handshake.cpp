#include "handshake.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QUrl>

namespace gantry {

QString Handshake::pathIn(const QString &dataDir)
{
    return QDir(dataDir).filePath(fileName());
}

QString Handshake::defaultDataDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("gantry"));
}

QByteArray Handshake::toJson() const
{
    QJsonObject o{{"address", address}, {"token", token}, {"pid", pid}};
    if (!certificate.isEmpty())
        o.insert("certificate", QString::fromLatin1(certificate));
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<Handshake> Handshake::read(const QString &dataDir, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<Handshake> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QFile file(pathIn(dataDir));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(64 * 1024), &parseError);
    if (!doc.isObject())
        return fail(QStringLiteral("%1: not a JSON object (%2)")
                        .arg(file.fileName(), parseError.errorString()));
    const QJsonObject o = doc.object();
    Handshake h{o.value("address").toString(), o.value("token").toString(),
                o.value("pid").toInteger(), o.value("certificate").toString().toLatin1()};
    const QUrl url(h.address);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") || url.port() <= 0)
        return fail(QStringLiteral("%1: field \"address\" must be http(s)://HOST:PORT")
                        .arg(file.fileName()));
    if (h.token.isEmpty())
        return fail(QStringLiteral("%1: field \"token\" is missing").arg(file.fileName()));
    return h;
}

} // namespace gantry
