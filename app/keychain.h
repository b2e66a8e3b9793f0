// The OS keychain through QtKeychain, as blocking calls with a timeout: whether a keychain
// answers at all is part of the result, since Gantry never falls back to plaintext silently.
#pragma once

#include <QByteArray>
#include <QString>

namespace gantry {

struct KeychainResult
{
    enum class Status { Ok, NotFound, Unavailable, Failed };
    Status status = Status::Failed;
    QByteArray data;
    QString error; // QtKeychain's explanation when not Ok
    bool ok() const { return status == Status::Ok; }
};

class Keychain final
{
public:
    static constexpr char kService[] = "gantry";
    static KeychainResult read(const QString &key, int timeoutMs = 10000);
    static KeychainResult write(const QString &key, const QByteArray &data, int timeoutMs = 10000);
    static KeychainResult remove(const QString &key, int timeoutMs = 10000);
};

} // namespace gantry
