// DATA/gantryd.json: where a running gantryd listens and its token, so that gantry and gantryctl
// on the same data dir can find it. Written by gantryd (mode 0600), read by the clients.
#pragma once

#include <QString>
#include <optional>

namespace gantry {

struct Handshake
{
    QString address; // "http://127.0.0.1:PORT"
    QString token;
    qint64 pid = 0;
    QByteArray certificate; // PEM chain gantryd serves HTTPS with; clients on the data dir trust it

    static QString fileName() { return QStringLiteral("gantryd.json"); }
    static QString pathIn(const QString &dataDir);

    QByteArray toJson() const;
    // Reads DATA/gantryd.json; on failure returns nullopt and says why in *error.
    static std::optional<Handshake> read(const QString &dataDir, QString *error = nullptr);

    // The data dir gantry, gantryd and gantryctl use when none is given: $XDG_DATA_HOME/gantry.
    static QString defaultDataDir();
};

} // namespace gantry
