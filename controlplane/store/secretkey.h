// The 256-bit key that encrypts secrets at rest. It comes from the OS keychain through gantry
// (--key-stdin) or, for a headless gantryd, from DATA/secret.key (mode 0600, made on first start).
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace gantry {

class SecretKey final
{
public:
    static constexpr int kBytes = 32;

    // Parses the hex text form (64 hex digits); nullopt with the reason in *error otherwise.
    static std::optional<SecretKey> fromHex(const QByteArray &hex, QString *error);
    // Reads DATA/secret.key, creating it (0600) with a fresh random key when absent.
    static std::optional<SecretKey> loadOrCreate(const QString &path, QString *error);
    static SecretKey generate();

    const QByteArray &bytes() const { return m_bytes; }
    QByteArray toHex() const { return m_bytes.toHex(); }

private:
    explicit SecretKey(QByteArray bytes)
        : m_bytes(std::move(bytes))
    {}
    QByteArray m_bytes;
};

} // namespace gantry
