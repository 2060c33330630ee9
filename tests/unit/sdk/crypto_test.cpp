// Signature primitives against the published vectors in ../shared/platform-contracts.md §5.
#include <gtest/gtest.h>

#include <cartgate/sdk/crypto.hpp>

namespace cartgate::sdk {
namespace {

TEST(Crypto, ShopifyWebhookHmacVectorV1) {
  EXPECT_EQ(base64_encode(hmac_sha256("test_secret_key", R"({"foo": "bar"})")),
            "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=");
}

TEST(Crypto, StandardWebhooksVectorV2) {
  const auto key = base64_decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key);
  const std::string signed_content =
      "msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{\"test\": 2432232314}";
  EXPECT_EQ("v1," + base64_encode(hmac_sha256(*key, signed_content)),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(Crypto, WooCommerceWebhookVectorC1) {
  EXPECT_EQ(base64_encode(hmac_sha256("wc_webhook_secret",
                                      R"({"id":727,"status":"processing","total":"29.35"})")),
            "HaKtjYeoWznV9Z3yn0/L5SCLOoboKRpdanyt3SidtKk=");
}

TEST(Crypto, OAuth1HmacSha1VectorV4) {
  const std::string base =
      "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%"
      "3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%"
      "26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%"
      "26size%3Doriginal";
  EXPECT_EQ(base64_encode(hmac_sha1("kd94hf93k423kf44&pfkkdhi9sl3r4s00", base)),
            "tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
}

TEST(Crypto, Base64RoundTripsAndRejectsGarbage) {
  for (std::size_t n = 0; n < 40; ++n) {
    const std::string bytes = random_bytes(n);
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
    EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes);
  }
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_FALSE(base64_decode("Zg=a"));
  EXPECT_FALSE(base64_decode("Z"));
  EXPECT_FALSE(base64_decode("Zh=="));  // non-zero padding bits
  EXPECT_FALSE(base64url_decode("ab+/"));
}

TEST(Crypto, ConstantTimeEqualComparesBytes) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(Crypto, DigestsMatchKnownValues) {
  EXPECT_EQ(hex_encode(sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex_encode(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

}  // namespace
}  // namespace cartgate::sdk
