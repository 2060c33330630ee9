#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/sdk/crypto.hpp>

#include "auth/api_key.hpp"
#include "security/cipher.hpp"
#include "security/cursor_codec.hpp"
#include "security/master_keys.hpp"

namespace cartgate {
namespace {

security::MasterKeys keys_from(const std::string& text) {
  std::string error;
  auto k = security::MasterKeys::parse(text, error);
  EXPECT_TRUE(k) << error;
  return *k;
}

TEST(MasterKeys, ParsesListsAndRejectsBadKeys) {
  const std::string a = security::generate_master_key();
  const std::string b = security::generate_master_key();
  auto keys = keys_from("# rotated 2026-11\n" + a + "\n" + b + "\n");
  EXPECT_EQ(keys.active().bytes, *sdk::base64_decode(a));
  EXPECT_NE(keys.find(keys_from(b).active().id), nullptr);
  EXPECT_NE(keys.derive("cursor"), keys.derive("other"));

  std::string error;
  EXPECT_FALSE(security::MasterKeys::parse("", error));
  EXPECT_FALSE(security::MasterKeys::parse("c2hvcnQ=", error));  // "short"
  EXPECT_FALSE(security::MasterKeys::parse("not base64!", error));
  EXPECT_FALSE(security::load_master_keys(std::nullopt, "", error));
}

TEST(Cipher, SealsOpensAndBindsToAssociatedData) {
  const auto keys = keys_from(security::generate_master_key());
  const security::Cipher cipher(keys);
  const std::string secret = R"({"access_token":"shpat_0123456789abcdef"})";
  const std::string sealed = cipher.seal(secret, "tenant-a/st_1");
  EXPECT_EQ(sealed.find("shpat"), std::string::npos);
  EXPECT_NE(cipher.seal(secret, "tenant-a/st_1"), sealed);  // fresh nonce each time
  EXPECT_EQ(cipher.open(sealed, "tenant-a/st_1"), secret);
  EXPECT_FALSE(cipher.open(sealed, "tenant-b/st_1"));  // copied to another record
  std::string tampered = sealed;
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(cipher.open(tampered, "tenant-a/st_1"));
  EXPECT_FALSE(cipher.open("v1.deadbeef.AAAA", "tenant-a/st_1"));
  EXPECT_FALSE(cipher.open("v2." + sealed.substr(3), "tenant-a/st_1"));
  EXPECT_FALSE(cipher.open("", ""));
}

TEST(Cipher, OldKeysStillOpenAfterRotation) {
  const std::string old_key = security::generate_master_key();
  const auto before = keys_from(old_key);
  const std::string sealed = security::Cipher(before).seal("x", "ad");
  const auto after = keys_from(security::generate_master_key() + "," + old_key);
  EXPECT_EQ(security::Cipher(after).open(sealed, "ad"), "x");
  EXPECT_NE(security::Cipher(after).seal("x", "ad").substr(0, 12), sealed.substr(0, 12));
}

TEST(CursorCodec, IsOpaqueTamperEvidentAndScoped) {
  const security::CursorCodec codec(sdk::random_bytes(32));
  const boost::json::value state = {{"after", "0001700000000|st_1"}};
  const std::string cursor = codec.encode("acme", "store.list", state);
  EXPECT_EQ(codec.decode("acme", "store.list", cursor), state);
  EXPECT_FALSE(codec.decode("other", "store.list", cursor));
  EXPECT_FALSE(codec.decode("acme", "order.list", cursor));
  std::string tampered = cursor;
  tampered[2] = tampered[2] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(codec.decode("acme", "store.list", tampered));
  EXPECT_FALSE(codec.decode("acme", "store.list", "garbage"));
  EXPECT_FALSE(codec.decode("acme", "store.list", std::string(5000, 'a') + ".x"));
}

TEST(ApiKey, GeneratesParsesAndRejects) {
  const auto k = auth::generate_api_key();
  EXPECT_EQ(k.key.size(), 3u + 16 + 1 + 43);
  auto parsed = auth::parse_api_key(k.key);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->key_id, k.key_id);
  EXPECT_EQ(parsed->secret_hash, k.secret_hash);
  EXPECT_NE(auth::generate_api_key().key, k.key);

  std::string wrong_prefix = k.key;
  wrong_prefix[0] = 'x';
  std::string bad_char = k.key;
  bad_char.back() = '=';
  for (const std::string& bad :
       {std::string(), wrong_prefix, bad_char, k.key.substr(1), k.key + "a",
        std::string("cg_ABCDEF0123456789_") + std::string(43, 'a')}) {
    EXPECT_FALSE(auth::parse_api_key(bad)) << bad;
  }
}

TEST(ApiKey, ComesFromBearerOrXApiKey) {
  http::Request r;
  EXPECT_FALSE(auth::api_key_from(r));
  r.headers = {{"authorization", "Bearer  cg_x "}};
  EXPECT_EQ(auth::api_key_from(r), "cg_x");
  r.headers = {{"Authorization", "Basic Zm9vOmJhcg=="}, {"X-Api-Key", "cg_y"}};
  EXPECT_EQ(auth::api_key_from(r), "cg_y");
  EXPECT_TRUE(auth::is_valid_tenant_id("acme-eu_1"));
  EXPECT_FALSE(auth::is_valid_tenant_id("-acme"));
  EXPECT_FALSE(auth::is_valid_tenant_id("Acme"));
  EXPECT_FALSE(auth::is_valid_tenant_id(std::string(64, 'a')));
}

}  // namespace
}  // namespace cartgate
