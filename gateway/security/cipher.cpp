#include "security/cipher.hpp"

#include <cstdlib>
#include <memory>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cartgate/sdk/crypto.hpp>

namespace cartgate::security {

namespace {

constexpr std::size_t kNonce = 12;
constexpr std::size_t kTag = 16;

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

const unsigned char* u8(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string Cipher::seal(std::string_view plaintext, std::string_view aad) const {
  const MasterKey& key = keys_.active();
  const std::string nonce = sdk::random_bytes(kNonce);
  std::string out(kNonce + plaintext.size() + kTag, '\0');
  out.replace(0, kNonce, nonce);
  auto* ct = reinterpret_cast<unsigned char*>(out.data() + kNonce);

  Ctx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int total = 0;
  // Any failure here is an OpenSSL/memory failure, not bad input: there is no safe fallback.
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u8(key.bytes), u8(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, u8(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), ct, &len, u8(plaintext), static_cast<int>(plaintext.size())) !=
          1) {
    std::abort();
  }
  total = len;
  if (EVP_EncryptFinal_ex(ctx.get(), ct + total, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, ct + plaintext.size()) != 1) {
    std::abort();
  }
  return "v1." + key.id + "." + sdk::base64url_encode(out);
}

std::string_view Cipher::key_id_of(std::string_view sealed) {
  if (!sealed.starts_with("v1.")) return {};
  sealed.remove_prefix(3);
  const auto dot = sealed.find('.');
  return dot == std::string_view::npos ? std::string_view() : sealed.substr(0, dot);
}

std::optional<std::string> Cipher::reseal(std::string_view sealed, std::string_view aad) const {
  auto opened = open(sealed, aad);
  if (!opened) return std::nullopt;
  std::string plain = std::move(*opened);
  std::string out = seal(std::string_view(plain.data(), plain.size()), aad);
  OPENSSL_cleanse(plain.data(), plain.size());  // the secret does not linger in freed memory
  return out;
}

std::optional<std::string> Cipher::open(std::string_view sealed, std::string_view aad) const {
  const std::string_view id = key_id_of(sealed);
  if (id.empty()) return std::nullopt;
  const MasterKey* key = keys_.find(id);
  if (key == nullptr) return std::nullopt;
  // "v1." + id + "." + payload
  auto raw = sdk::base64url_decode(sealed.substr(3 + id.size() + 1));
  if (!raw || raw->size() < kNonce + kTag) return std::nullopt;

  const std::string_view nonce(raw->data(), kNonce);
  const std::string_view ct(raw->data() + kNonce, raw->size() - kNonce - kTag);
  std::string tag(raw->data() + raw->size() - kTag, kTag);
  std::string plain(ct.size(), '\0');
  Ctx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u8(key->bytes), u8(nonce)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, u8(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, u8(ct),
                        static_cast<int>(ct.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &len) !=
          1) {
    return std::nullopt;
  }
  return plain;
}

}  // namespace cartgate::security
