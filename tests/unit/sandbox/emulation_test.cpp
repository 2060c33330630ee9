// The sandbox's own building blocks, against published vectors where there are some.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/sdk/crypto.hpp>

#include "common/format.hpp"
#include "common/params.hpp"
#include "common/php_json.hpp"
#include "model/generator.hpp"
#include "platforms/woocommerce/woo_auth.hpp"

namespace sandbox {
namespace {

TEST(SandboxWooAuth, StringToSignMatchesTheDocumentedExample) {
  // WOO-DOCS _authentication.md (vector V5).
  EXPECT_EQ(woo::string_to_sign(
                "GET", "http://www.example.com/wp-json/wc/v3/orders",
                {{"oauth_consumer_key", "abc123"}, {"oauth_signature_method", "HMAC-SHA1"}}),
            "GET&http%3A%2F%2Fwww.example.com%2Fwp-json%2Fwc%2Fv3%2Forders&oauth_consumer_key%"
            "3Dabc123%26oauth_signature_method%3DHMAC-SHA1");
}

TEST(SandboxWooAuth, SignatureMatchesVectorC2AndC3) {
  const std::vector<Param> params{
      {"per_page", "100"},
      {"page", "1"},
      {"modified_after", "2024-01-01T00:00:00"},
      {"dates_are_gmt", "true"},
      {"oauth_consumer_key", "ck_0123456789abcdef0123456789abcdef01234567"},
      {"oauth_nonce", "abcdefghijklmnopqrstuvwxyz012345"},
      {"oauth_signature_method", "HMAC-SHA256"},
      {"oauth_timestamp", "1700000000"}};
  const std::string base =
      woo::string_to_sign("GET", "http://localhost:8080/wp-json/wc/v3/orders", params);
  EXPECT_EQ(base,
            "GET&http%3A%2F%2Flocalhost%3A8080%2Fwp-json%2Fwc%2Fv3%2Forders&dates_are_gmt%3Dtrue%"
            "26modified_after%3D2024-01-01T00%253A00%253A00%26oauth_consumer_key%3Dck_"
            "0123456789abcdef0123456789abcdef01234567%26oauth_nonce%"
            "3Dabcdefghijklmnopqrstuvwxyz012345%26oauth_signature_method%3DHMAC-SHA256%26oauth_"
            "timestamp%3D1700000000%26page%3D1%26per_page%3D100");
  const std::string key = "cs_0123456789abcdef0123456789abcdef01234567&";
  EXPECT_EQ(cartgate::sdk::base64_encode(cartgate::sdk::hmac_sha256(key, base)),
            "86MlwfLEq9IT68n9NIDLSNRT635L8KrvhuqplsT/jxM=");
  auto sha1_params = params;
  sha1_params[6].value = "HMAC-SHA1";
  EXPECT_EQ(cartgate::sdk::base64_encode(cartgate::sdk::hmac_sha1(
                key, woo::string_to_sign("GET", "http://localhost:8080/wp-json/wc/v3/orders",
                                         sha1_params))),
            "cvWqsvB3L/w1fWDnFu+RipS+Rak=");
}

TEST(SandboxParams, ReadsQueriesAndOAuthHeadersLikePhp) {
  auto q = php_query("a=1&b=x+y&c=%41%2&a=2&=skip");
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(*param(q, "a"), "2");  // a later duplicate wins
  EXPECT_EQ(*param(q, "b"), "x y");
  EXPECT_EQ(*param(q, "c"), "A%2");
  auto h = oauth_header_params(R"(OAuth oauth_consumer_key="ck", oauth_signature="a%2Bb%3D")");
  EXPECT_EQ(h.at("oauth_consumer_key"), "ck");
  EXPECT_EQ(h.at("oauth_signature"), "a+b=");
  EXPECT_EQ(rawurlencode("a b~c/é"), "a%20b~c%2F%C3%A9");
}

TEST(SandboxPhpJson, EscapesLikeJsonEncode) {
  const boost::json::value v = {{"url", "https://a.b/c"}, {"name", "Zoë 山田 😀"}, {"n", 3}};
  EXPECT_EQ(php_json_encode(v),
            R"({"url":"https:\/\/a.b\/c","name":"Zo\u00eb \u5c71\u7530 \ud83d\ude00","n":3})");
}

TEST(SandboxFormat, PlatformDateAndMoneyTexts) {
  const Time t = *parse_iso("2018-01-10T21:05:30Z");
  EXPECT_EQ(rfc2822(t), "Wed, 10 Jan 2018 21:05:30 +0000");
  EXPECT_EQ(sql_datetime(t), "2018-01-10 21:05:30");
  EXPECT_EQ(iso_local(t, -300), "2018-01-10T16:05:30");
  EXPECT_EQ(iso_offset(t, -300), "2018-01-10T16:05:30-05:00");
  EXPECT_EQ(*parse_iso("2018-01-10T16:05:30", -300), t);
  EXPECT_EQ(*parse_iso("2018-01-10T16:05:30-05:00"), t);
  EXPECT_EQ(*parse_iso("2018-01-10 21:05:30"), t);
  EXPECT_FALSE(parse_iso("10 Jan 2018"));
  EXPECT_EQ(*parse_rfc2822("Wed, 10 Jan 2018 21:05:30 +0000"), t);
  EXPECT_EQ(*parse_rfc2822("Wed, 10 Jan 2018 16:05:30 -0500"), t);
  EXPECT_EQ(*parse_rfc2822(rfc2822(t)), t);
  EXPECT_FALSE(parse_rfc2822("Wed, 10 Foo 2018 21:05:30 +0000"));
  EXPECT_FALSE(parse_rfc2822("2018-01-10T21:05:30Z"));
  EXPECT_EQ(decimal(2935, 2), "29.35");
  EXPECT_EQ(decimal(-5, 2), "-0.05");
  EXPECT_EQ(decimal(1500, 0), "1500");
  EXPECT_EQ(decimal_rescaled(36195, 2, 4), "361.9500");
}

TEST(SandboxGenerator, SameSeedSameData) {
  Store a, b;
  a.currency = b.currency = "JPY";
  const Time epoch = *parse_iso("2026-11-01T00:00:00Z");
  populate(a, Rng(7), Sizes{}, epoch);
  populate(b, Rng(7), Sizes{}, epoch);
  ASSERT_EQ(a.orders.size(), b.orders.size());
  for (std::size_t i = 0; i < a.orders.size(); ++i) {
    EXPECT_EQ(a.orders[i].total(), b.orders[i].total());
    EXPECT_EQ(a.orders[i].email, b.orders[i].email);
    EXPECT_EQ(a.orders[i].created, b.orders[i].created);
  }
  bool guest = false, registered = false, long_order = false, cancelled = false;
  for (const auto& o : a.orders) {
    guest = guest || o.customer_id == 0;
    registered = registered || o.customer_id != 0;
    long_order = long_order || o.lines.size() >= 20;
    cancelled = cancelled || o.state == OrderState::cancelled;
    EXPECT_LE(o.created, o.updated);
    EXPECT_LE(o.updated, epoch);
  }
  EXPECT_TRUE(guest && registered && long_order && cancelled);
  Store c;
  c.currency = "JPY";
  populate(c, Rng(8), Sizes{}, epoch);
  EXPECT_NE(c.orders[0].email + std::to_string(c.orders[0].total()),
            a.orders[0].email + std::to_string(a.orders[0].total()));
}

TEST(SandboxGenerator, ACheckedOutCartBecomesAnOrderWithItsLinesAndBuyer) {
  Store store;
  store.currency = "EUR";
  const Time epoch = *parse_iso("2026-11-01T00:00:00Z");
  populate(store, Rng(11), Sizes{}, epoch);
  Cart cart = make_cart(store, store.rng, epoch);
  cart.customer_id = store.customers.front().id;
  cart.email = store.customers.front().email;
  cart.lines.push_back(make_cart_line(store, store.rng));

  const Order order = order_from_cart(store, store.rng, cart, epoch + std::chrono::hours(1));
  EXPECT_EQ(order.cart_id, cart.id);
  EXPECT_EQ(order.customer_id, cart.customer_id);
  EXPECT_EQ(order.email, cart.email);
  ASSERT_EQ(order.lines.size(), cart.lines.size());
  std::int64_t goods = 0;
  for (std::size_t i = 0; i < cart.lines.size(); ++i) {
    EXPECT_EQ(order.lines[i].sku, cart.lines[i].sku);
    EXPECT_EQ(order.lines[i].quantity, cart.lines[i].quantity);
    goods += cart.lines[i].unit_price * cart.lines[i].quantity;
  }
  EXPECT_EQ(order.subtotal(), goods);
  EXPECT_GT(order.id, store.orders.back().id) << "ids keep growing";
}

}  // namespace
}  // namespace sandbox
