#include "secretbox.h"

#include <memory>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace gantry {

namespace {

constexpr char kPrefix[] = "v1:";

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

auto bytes(const QByteArray &a)
{
    return reinterpret_cast<const unsigned char *>(a.constData());
}

} // namespace

QByteArray SecretBox::seal(const QByteArray &plaintext, const QByteArray &aad) const
{
    QByteArray nonce(kNonceBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(nonce.data()), kNonceBytes) != 1)
        return {};
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    QByteArray out(plaintext.size() + 16, Qt::Uninitialized);
    QByteArray tag(kTagBytes, Qt::Uninitialized);
    int len = 0;
    int total = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(m_key.bytes()), bytes(nonce)) != 1)
        return {};
    if (!aad.isEmpty() &&
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) != 1)
        return {};
    if (EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &len,
                          bytes(plaintext), int(plaintext.size())) != 1)
        return {};
    total = len;
    if (EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char *>(out.data()) + total,
                            &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag.data()) != 1)
        return {};
    total += len;
    out.truncate(total);
    return QByteArray(kPrefix) + (nonce + out + tag).toBase64();
}

std::optional<QByteArray> SecretBox::open(const QByteArray &sealed, const QByteArray &aad,
                                          QString *error) const
{
    auto fail = [error](const QString &why) -> std::optional<QByteArray> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!sealed.startsWith(kPrefix))
        return fail(QStringLiteral("sealed secret: unknown format; expected v1:<base64>"));
    const auto decoded = QByteArray::fromBase64Encoding(sealed.mid(int(sizeof kPrefix) - 1),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < kNonceBytes + kTagBytes)
        return fail(QStringLiteral("sealed secret: damaged encoding"));
    const QByteArray &raw = decoded.decoded;
    const QByteArray nonce = raw.left(kNonceBytes);
    const QByteArray cipher = raw.mid(kNonceBytes, raw.size() - kNonceBytes - kTagBytes);
    QByteArray tag = raw.right(kTagBytes);
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    QByteArray out(cipher.size() + 16, Qt::Uninitialized);
    int len = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(m_key.bytes()), bytes(nonce)) != 1)
        return fail(QStringLiteral("sealed secret: cipher unavailable"));
    if (!aad.isEmpty() &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) != 1)
        return fail(QStringLiteral("sealed secret: cipher failed"));
    if (EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &len,
                          bytes(cipher), int(cipher.size())) != 1)
        return fail(QStringLiteral("sealed secret: cipher failed"));
    int total = len;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char *>(out.data()) + total,
                            &len) != 1)
        return fail(QStringLiteral("sealed secret: authentication failed (wrong key or the "
                                   "value was altered)"));
    total += len;
    out.truncate(total);
    return out;
}

} // namespace gantry
