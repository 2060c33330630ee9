// The SDK pieces connectors build on: exact platform JSON, platform dates, URLs and OAuth 1.0a,
// checked against published test vectors (RFC 5849, OAuth Core 1.0) and the computed vectors
// of ../shared/platform-contracts.md §5.
#include <algorithm>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/entity_fields.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/oauth1.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/platform_time.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/url.hpp>

namespace cartgate::sdk {
namespace {

namespace json = boost::json;

// The oauth_signature value of an Authorization header, percent-decoded.
std::string signature_of(const std::string& header) {
  const auto at = header.find("oauth_signature=\"") + 17;
  std::string encoded = header.substr(at, header.find('"', at) - at), out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%') {
      out += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += encoded[i];
    }
  }
  return out;
}

TEST(PlatformJson, NumbersWithFractionsKeepTheirExactText) {
  auto v = parse_platform_json(
      R"({"grand_total":165.1,"qty":2,"big":12345678901234567890,"e":1e2,"neg":-0.10,"s":"1.5"})");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->at("grand_total"), "165.1");
  EXPECT_EQ(v->at("qty"), 2);
  EXPECT_EQ(v->at("big"), "12345678901234567890");
  EXPECT_EQ(v->at("e"), "1e2");
  EXPECT_EQ(v->at("neg"), "-0.10");
  EXPECT_EQ(v->at("s"), "1.5");
  // Numbers inside strings and escapes are left alone.
  auto s = parse_platform_json(R"(["a \"1.5\" b", 0.3])");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->at(0), "a \"1.5\" b");
  EXPECT_EQ(s->at(1), "0.3");
}

TEST(PlatformJson, EdgeNumbersAndTheDocumentOutliveTheirBody) {
  std::string body = R"({"max":9223372036854775807,"eighteen":999999999999999999,)"
                     R"("minus":-123456789012345678,"zero":-0,"long":"x",)"
                     R"("after":[1,2.50,"three"]})";
  auto v = parse_platform_json(body);
  // Boost.JSON would take 19 digits as an int64; they stay text, like every number past 18.
  ASSERT_TRUE(v) << body;
  std::fill(body.begin(), body.end(), '#');  // the document owns all it holds
  EXPECT_EQ(v->at("max"), "9223372036854775807");
  EXPECT_EQ(v->at("eighteen"), 999999999999999999);
  EXPECT_EQ(v->at("minus"), -123456789012345678);
  EXPECT_EQ(v->at("zero"), 0);
  EXPECT_EQ(v->at("long"), "x");
  EXPECT_EQ(v->at("after").at(1), "2.50");
  // The whole document lives in one arena freed at once, not in the heap node by node.
  EXPECT_TRUE(v->storage().is_deallocate_trivial());
  EXPECT_EQ(v->at("after").storage().get(), v->storage().get());
  // A value moved out keeps the document's storage alive after the document is gone.
  json::value kept = std::move(v->at("after"));
  v.reset();
  EXPECT_EQ(kept.at(2), "three");
  EXPECT_FALSE(parse_platform_json(R"({"a":1} x)")) << "trailing bytes";
}

TEST(PlatformJson, MalformedInputIsRefusedNotRepaired) {
  for (const char* bad :
       {"", "{", "[1.]", "[01]", "[-]", "[1e]", "[1.2.3]", "{\"a\":1,}", "[.5]"}) {
    EXPECT_FALSE(parse_platform_json(bad)) << bad;
  }
  EXPECT_FALSE(parse_platform_json(std::string(100, '[') + std::string(100, ']')));  // depth
}

TEST(PlatformJson, MoneyFromNumbersAndStringsNeverThroughADouble) {
  auto v = parse_platform_json(R"({"a":0.1,"b":"361.9500","c":29,"d":1.005})");
  ASSERT_TRUE(v);
  Fields f(&*v, "test");
  EXPECT_EQ(f.money("a", "USD")->minor_units, 10);
  EXPECT_EQ(f.money("b", "USD")->minor_units, 36195);
  EXPECT_EQ(f.money("c", "JPY")->minor_units, 29);
  EXPECT_EQ(f.money("d", "USD")->minor_units, 101);  // half away from zero, from the text
}

TEST(EntityFields, HeaderAndAddressesByThePlatformsKeys) {
  const StoreContext store{"st_9", "https://x", {}, {}};
  constexpr sdk::HeaderKeys keys{"entity_id", "created", "changed", sdk::parse_naive_utc};
  const auto order = json::parse(
      R"({"entity_id":17,"created":"2026-03-01 10:00:00","address":{"zip":"10115","city":"",)"
      R"("country_iso2":"DE","street_1":"Unter den Linden 1"},"empty":{"zip":"","city":null}})");
  sdk::Fields f(&order, "order");
  EntityHeader h;
  sdk::read_header(h, f, keys, "acme", store);
  EXPECT_EQ(f.error(), "");
  EXPECT_EQ(h.id, "17");
  EXPECT_EQ(h.store_id, "st_9");
  EXPECT_EQ(h.platform, "acme");
  EXPECT_EQ(format_rfc3339(h.created_at), "2026-03-01T10:00:00Z");
  EXPECT_EQ(h.updated_at, h.created_at) << "no update date: the creation date";

  constexpr sdk::AddressKeys address_keys{
      .address1 = "street_1", .postal_code = "zip", .country_code = "country_iso2"};
  const auto a = sdk::read_address(f.object("address"), address_keys);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->address1, "Unter den Linden 1");
  EXPECT_EQ(a->postal_code, "10115");
  EXPECT_EQ(a->country_code, "DE");
  EXPECT_FALSE(a->city) << "\"\" is absent";
  EXPECT_FALSE(sdk::read_address(f.object("empty"), address_keys)) << "all parts empty: none";
  EXPECT_FALSE(sdk::read_address(f.object("missing"), address_keys));

  const auto bare = json::parse(R"({"changed":"2026-03-01 10:00:00"})");
  sdk::Fields g(&bare, "order");
  EntityHeader unused;
  sdk::read_header(unused, g, keys, "acme", store);
  EXPECT_NE(g.error().find("entity_id"), std::string::npos) << g.error();
}

TEST(KeysetTokens, RoundTripAndRefuseWhatTheyDidNotMake) {
  const auto pin = *parse_rfc3339("2026-03-01T10:00:00Z");
  const auto token = sdk::encode_keyset_token({json::value("eyJsYXN0X2lkIjo"), pin});
  const auto back = sdk::decode_keyset_token(token);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->after, "eyJsYXN0X2lkIjo");
  EXPECT_EQ(back->pin, pin);
  // Tokens handed out before the SDK had this type have the same shape.
  EXPECT_TRUE(sdk::decode_keyset_token(R"({"after":41,"pin":"2026-03-01T10:00:00Z"})"));
  for (const char* bad : {"", "41", "[]", R"({"after":41})", R"({"pin":"2026-03-01T10:00:00Z"})",
                          R"({"after":41,"pin":"yesterday"})", R"({"after":41,"pin":7})"}) {
    EXPECT_FALSE(sdk::decode_keyset_token(bad)) << bad;
  }
}

TEST(PageNumberTokens, FirstPagesArePinnedAndTokensAreChecked) {
  const Timestamp now{std::chrono::seconds{1'700'000'000}};
  auto first = page_number_position("", 500, now, 250);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->page, 1);
  EXPECT_EQ(first->limit, 250);  // within the platform's cap
  EXPECT_EQ(first->pin, scan_pin(now));
  // The next page keeps the first page's size and pin, whatever page_size comes later.
  PageNumberPosition next = *first;
  next.page = 2;
  json::object state = page_number_object(next);
  state["phase"] = "list";  // a connector's own member beside the position
  auto resumed =
      page_number_position(encode_page_token(state), 10, now + std::chrono::hours(1), 250);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->page, 2);
  EXPECT_EQ(resumed->limit, 250);
  EXPECT_EQ(resumed->pin, first->pin);
  for (const char* token :
       {"2", R"({"page":0,"limit":5,"pin":"2023-11-14T22:13:19Z"})",
        R"({"page":2,"limit":251,"pin":"2023-11-14T22:13:19Z"})",
        R"({"page":2,"limit":5,"pin":"yesterday"})", R"({"page":2,"limit":5})"}) {
    EXPECT_FALSE(page_number_position(token, 10, now, 250)) << token;
  }
}

TEST(Answers, JsonAnswerChecksTheStatusThenParses) {
  auto ok = json_answer({200, {}, R"({"total":"9.90"})"}, "Acme", "the page");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->at("total"), "9.90");  // exact text, as parse_platform_json keeps it
  auto throttled = json_answer({429, {{"Retry-After", "2"}}, ""}, "Acme", "the page");
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().error.kind, ConnectorErrorKind::rate_limited);
  auto garbled = json_answer({200, {}, "<html>"}, "Acme", "the page");
  ASSERT_FALSE(garbled);
  EXPECT_EQ(garbled.error().error.kind, ConnectorErrorKind::invalid_response);
  EXPECT_NE(garbled.error().error.message.find("the page is not JSON"), std::string::npos);
  const json::value info = info_result(json::object{{"id", "1"}}, json::object{{"id", 1}});
  EXPECT_EQ(info.at("item").at("id"), "1");
  EXPECT_EQ(info.at("raw").at("id"), 1);
}

TEST(PlatformTime, NaiveUtcAndRfc2822) {
  EXPECT_EQ(format_rfc3339(*parse_naive_utc("2017-08-21 22:22:19")), "2017-08-21T22:22:19Z");
  EXPECT_EQ(format_rfc3339(*parse_naive_utc("2017-03-22T19:28:02")), "2017-03-22T19:28:02Z");
  EXPECT_EQ(format_rfc3339(*parse_naive_utc("2017-03-22T19:28:02.123")), "2017-03-22T19:28:02Z");
  EXPECT_FALSE(parse_naive_utc("2017-03-22"));
  EXPECT_FALSE(parse_naive_utc("2017-02-30 00:00:00"));
  EXPECT_EQ(format_rfc3339(*parse_rfc2822("Wed, 10 Jan 2018 21:05:30 +0000")),
            "2018-01-10T21:05:30Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc2822("Thu, 20 Apr 2017 11:32:00 -0400")),
            "2017-04-20T15:32:00Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc2822("1 Feb 2024 00:00 GMT")), "2024-02-01T00:00:00Z");
  for (const char* bad : {"", "Wed 10 Jan 2018 21:05:30 +0000", "Wed, 10 Foo 2018 21:05:30 +0000",
                          "Wed, 10 Jan 2018 21:05:30", "Wed, 32 Jan 2018 21:05:30 +0000",
                          "Wed, 10 Jan 2018 21:05:30 +9999"}) {
    EXPECT_FALSE(parse_rfc2822(bad)) << bad;
  }
  EXPECT_EQ(format_naive_utc(*parse_rfc3339("2025-01-01T00:00:00Z"), ' '), "2025-01-01 00:00:00");
}

TEST(Url, Rfc3986PercentEncoding) {
  EXPECT_EQ(percent_encode("a b+c/~_.-é"), "a%20b%2Bc%2F~_.-%C3%A9");
  EXPECT_EQ(encode_query({{"searchCriteria[pageSize]", "10"}, {"q", "x y"}}),
            "searchCriteria%5BpageSize%5D=10&q=x%20y");
}

TEST(OAuth1, Rfc5849Section1_2) {  // V3
  OAuth1Signer s{"dpf43f3p2l4k3l03", "kd94hf93k423kf44",     "nnch734d00sl2jdk",
                 "pfkkdhi9sl3r4s00", OAuthMethod::hmac_sha1, false};
  const auto h =
      oauth1_authorization(s, "GET", "http://photos.example.net/photos",
                           {{"file", "vacation.jpg"}, {"size", "original"}}, "chapoH", 137131202);
  EXPECT_EQ(signature_of(h), "MdpQcU8iPSUjWoN/UDMsK2sui9I=");
  EXPECT_TRUE(h.starts_with("OAuth "));
}

TEST(OAuth1, OAuthCore1AppendixA5) {  // V4
  OAuth1Signer s{"dpf43f3p2l4k3l03", "kd94hf93k423kf44",     "nnch734d00sl2jdk",
                 "pfkkdhi9sl3r4s00", OAuthMethod::hmac_sha1, true};
  EXPECT_EQ(signature_of(oauth1_authorization(s, "GET", "http://photos.example.net/photos",
                                              {{"file", "vacation.jpg"}, {"size", "original"}},
                                              "kllo9940pd9333jh", 1191242096)),
            "tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
}

TEST(OAuth1, WooCommerceOneLeggedAgainstTheHomeUrl) {  // C2, C3
  const QueryParams query{{"per_page", "100"},
                          {"page", "1"},
                          {"modified_after", "2024-01-01T00:00:00"},
                          {"dates_are_gmt", "true"}};
  OAuth1Signer s{"ck_0123456789abcdef0123456789abcdef01234567",
                 "cs_0123456789abcdef0123456789abcdef01234567",
                 "",
                 "",
                 OAuthMethod::hmac_sha256,
                 false};
  QueryParams all = query;
  for (auto p : QueryParams{{"oauth_consumer_key", s.consumer_key},
                            {"oauth_nonce", "abcdefghijklmnopqrstuvwxyz012345"},
                            {"oauth_signature_method", "HMAC-SHA256"},
                            {"oauth_timestamp", "1700000000"}}) {
    all.push_back(p);
  }
  EXPECT_EQ(oauth1_base_string("GET", "http://localhost:8080/wp-json/wc/v3/orders", all),
            "GET&http%3A%2F%2Flocalhost%3A8080%2Fwp-json%2Fwc%2Fv3%2Forders&dates_are_gmt%3Dtrue%"
            "26modified_after%3D2024-01-01T00%253A00%253A00%26oauth_consumer_key%3Dck_"
            "0123456789abcdef0123456789abcdef01234567%26oauth_nonce%"
            "3Dabcdefghijklmnopqrstuvwxyz012345%26oauth_signature_method%3DHMAC-SHA256%26oauth_"
            "timestamp%3D1700000000%26page%3D1%26per_page%3D100");
  const std::string url = "http://localhost:8080/wp-json/wc/v3/orders";
  EXPECT_EQ(signature_of(oauth1_authorization(s, "GET", url, query,
                                              "abcdefghijklmnopqrstuvwxyz012345", 1700000000)),
            "86MlwfLEq9IT68n9NIDLSNRT635L8KrvhuqplsT/jxM=");
  s.method = OAuthMethod::hmac_sha1;
  EXPECT_EQ(signature_of(oauth1_authorization(s, "GET", url, query,
                                              "abcdefghijklmnopqrstuvwxyz012345", 1700000000)),
            "cvWqsvB3L/w1fWDnFu+RipS+Rak=");
}

TEST(OAuth1, MagentoIntegrationWithSearchCriteria) {  // C4
  OAuth1Signer s{"mc_key", "mc_secret", "mt_token", "mt_secret", OAuthMethod::hmac_sha256, true};
  EXPECT_EQ(signature_of(oauth1_authorization(
                s, "GET", "http://localhost:8081/rest/V1/orders",
                {{"searchCriteria[pageSize]", "100"}, {"searchCriteria[currentPage]", "1"}},
                "nonce123", 1700000000)),
            "SnnghXFK30/0N2sDm8H2wq5g73qqFAPmgdua3J5IOjo=");
}

TEST(OAuth1, RequestsOfOneStepGetDistinctNonces) {
  EXPECT_NE(derive_nonce("abc", 0), derive_nonce("abc", 1));
  EXPECT_EQ(derive_nonce("abc", 1), derive_nonce("abc", 1));
  EXPECT_EQ(derive_nonce("abc", 0).size(), 32u);
}

}  // namespace
}  // namespace cartgate::sdk
