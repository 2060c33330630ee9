#include "security/master_keys.hpp"

#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include <cartgate/sdk/crypto.hpp>

namespace cartgate::security {

std::optional<MasterKeys> MasterKeys::parse(std::string_view text, std::string& error) {
  MasterKeys out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == '#') {  // comment until end of line
      pos = text.find('\n', pos);
      if (pos == std::string_view::npos) break;
      continue;
    }
    const auto end = text.find_first_of(", \t\r\n", pos);
    const auto token = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    if (token.empty()) continue;
    auto bytes = sdk::base64_decode(token);
    if (!bytes || bytes->size() != 32) {
      error = "master key: each key must be the base64 encoding of exactly 32 bytes";
      return std::nullopt;
    }
    out.keys_.push_back({sdk::hex_encode(sdk::sha256(*bytes).substr(0, 4)), std::move(*bytes)});
  }
  if (out.keys_.empty()) {
    error = "master key: none given";
    return std::nullopt;
  }
  return out;
}

const MasterKey* MasterKeys::find(std::string_view id) const {
  for (const auto& k : keys_) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

std::string MasterKeys::derive(std::string_view purpose) const {
  return sdk::hmac_sha256(active().bytes, std::string("cartgate/") + std::string(purpose));
}

std::vector<std::string> MasterKeys::derive_each(std::string_view purpose) const {
  std::vector<std::string> out;
  for (const auto& k : keys_)
    out.push_back(sdk::hmac_sha256(k.bytes, std::string("cartgate/") + std::string(purpose)));
  return out;
}

std::optional<MasterKeys> load_master_keys(const std::optional<std::string>& env_value,
                                           const std::string& file, std::string& error) {
  if (env_value && !env_value->empty()) return MasterKeys::parse(*env_value, error);
  if (file.empty()) {
    error =
        "master key: set CARTGATE_MASTER_KEY or security.master_key_file "
        "(generate one with `cartgate master-key generate`)";
    return std::nullopt;
  }
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    error = "master key: " + file + " must not be readable by group or others (chmod 600)";
    return std::nullopt;
  }
  std::ifstream in(file);
  if (!in) {
    error = "master key: cannot read " + file;
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return MasterKeys::parse(text.str(), error);
}

std::string generate_master_key() {
  return sdk::base64_encode(sdk::random_bytes(32));
}

}  // namespace cartgate::security
