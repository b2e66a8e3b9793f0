#include "secretkey.h"

#include "atomicfile.h"

#include <QFile>
#include <QFileInfo>

#include <openssl/rand.h>

namespace gantry {

std::optional<SecretKey> SecretKey::fromHex(const QByteArray &hex, QString *error)
{
    const QByteArray trimmed = hex.trimmed();
    static const QByteArray kHexDigits = "0123456789abcdefABCDEF";
    const bool allHex =
        std::all_of(trimmed.begin(), trimmed.end(), [](char c) { return kHexDigits.contains(c); });
    if (trimmed.size() != kBytes * 2 || !allHex) {
        if (error)
            *error = QStringLiteral("secrets key must be %1 hex digits (%2 bytes), got %3 "
                                    "characters")
                         .arg(kBytes * 2)
                         .arg(kBytes)
                         .arg(trimmed.size());
        return std::nullopt;
    }
    return SecretKey(QByteArray::fromHex(trimmed));
}

SecretKey SecretKey::generate()
{
    QByteArray bytes(kBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), kBytes) != 1)
        qFatal("RAND_bytes failed: no entropy for the secrets key");
    return SecretKey(bytes);
}

std::optional<SecretKey> SecretKey::loadOrCreate(const QString &path, QString *error)
{
    QFile file(path);
    if (file.exists()) {
        if (QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::ReadOther)) {
            if (error)
                *error = QStringLiteral("%1 is readable by others: it must be mode 0600 "
                                        "(chmod 600 %1)")
                             .arg(path);
            return std::nullopt;
        }
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        QString why;
        auto key = fromHex(file.read(1024), &why);
        if (!key && error)
            *error = QStringLiteral("%1: %2").arg(path, why);
        return key;
    }
    SecretKey key = generate();
    const QString why = AtomicFile::write(path, key.toHex() + '\n');
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    return key;
}

} // namespace gantry
