// Seals secret setting values with AES-256-GCM (OpenSSL EVP): a fresh random 96-bit nonce per
// value, the 128-bit tag checked on open. Sealed form: "v1:" + base64(nonce | ciphertext | tag).
#pragma once

#include "store/secretkey.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace gantry {

class SecretBox final
{
public:
    static constexpr int kNonceBytes = 12;
    static constexpr int kTagBytes = 16;

    explicit SecretBox(const SecretKey &key)
        : m_key(key)
    {}

    // `aad` binds the value to its place (the item path), so a sealed value moved to another
    // item fails to open. Empty only when the random generator fails.
    QByteArray seal(const QByteArray &plaintext, const QByteArray &aad = {}) const;
    // nullopt with the reason in *error when the form, the key, the aad or the tag is wrong.
    std::optional<QByteArray> open(const QByteArray &sealed, const QByteArray &aad = {},
                                   QString *error = nullptr) const;

private:
    SecretKey m_key;
};

} // namespace gantry
