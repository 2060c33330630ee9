// Unit tests of gateway/http: request ids, translating Beast requests, response heads, problem
// documents.
#include <set>
#include <thread>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "http/client_address.hpp"
#include "http/problem.hpp"
#include "http/request_translation.hpp"
#include "http/response_head.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;

TEST(RequestIds, TwentyFourHexDigitsNeverRepeatedWithinOrAcrossThreads) {
  std::set<std::string> seen;
  for (int i = 0; i < 100'000; ++i) {
    const std::string id = http::new_request_id();
    ASSERT_EQ(id.size(), 24u);
    ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    ASSERT_TRUE(seen.insert(id).second) << "repeated: " << id;
  }
  std::set<std::string> other;
  std::thread([&] {
    for (int i = 0; i < 1000; ++i)
      other.insert(http::new_request_id());
  }).join();
  EXPECT_EQ(other.size(), 1000u);
  for (const auto& id : other)
    EXPECT_FALSE(seen.contains(id)) << id;
  // Each thread has a key of its own: its ids do not share the first thread's prefix.
  EXPECT_NE(other.begin()->substr(0, 8), seen.begin()->substr(0, 8));
}

// The client address feeds the per-address ingest limit: only a trusted proxy may name another.
TEST(RequestTranslation, TheClientAddressIsThePeerUnlessATrustedProxyNamesAnother) {
  namespace bhttp = boost::beast::http;
  const auto proxies = util::CidrSet::parse("10.0.0.0/8");
  ASSERT_TRUE(proxies);
  const auto client_of = [&](const std::string& peer, const char* forwarded, bool cached) {
    bhttp::request<bhttp::string_body> m(bhttp::verb::get, "/healthz", 11);
    if (forwarded != nullptr) m.set("X-Forwarded-For", forwarded);
    http::Peer p{boost::asio::ip::make_address(peer), peer + ":4242", ""};
    if (cached) p.ip = http::client_address(p.address, std::nullopt, util::CidrSet());
    http::Request out;
    EXPECT_TRUE(http::translate_request(m, p, *proxies, out));
    return out.client_ip;
  };
  for (const bool cached : {false, true}) {
    EXPECT_EQ(client_of("203.0.113.9", nullptr, cached), "203.0.113.9");
    EXPECT_EQ(client_of("::ffff:203.0.113.9", nullptr, cached), "203.0.113.9");
    // Anyone can send the header; only a trusted peer's is read.
    EXPECT_EQ(client_of("203.0.113.9", "198.51.100.7", cached), "203.0.113.9");
    EXPECT_EQ(client_of("10.1.2.3", "198.51.100.7", cached), "198.51.100.7");
    // Right to left through trusted hops; a forged left part stays unread.
    EXPECT_EQ(client_of("10.1.2.3", "1.1.1.1, 198.51.100.7, 10.9.9.9", cached), "198.51.100.7");
    EXPECT_EQ(client_of("10.1.2.3", "garbage, 10.9.9.9", cached), "10.9.9.9");
  }
}

TEST(RequestTranslation, ThePathIsDecodedOnceAndNeverHoldsANul) {
  namespace bhttp = boost::beast::http;
  const auto path_of = [](const char* target) -> std::optional<std::string> {
    bhttp::request<bhttp::string_body> m(bhttp::verb::get, target, 11);
    const http::Peer p{boost::asio::ip::make_address("203.0.113.9"), "203.0.113.9:4242", ""};
    http::Request out;
    if (!http::translate_request(m, p, util::CidrSet(), out)) return std::nullopt;
    return out.path;
  };
  EXPECT_EQ(path_of("/v1/ingest/shopify/st_%41b?x=%20"), "/v1/ingest/shopify/st_Ab");
  EXPECT_EQ(path_of("/a%2525"), "/a%25");
  EXPECT_FALSE(path_of("/a%00b"));
  EXPECT_FALSE(path_of("/a%zz"));
  EXPECT_FALSE(path_of("relative"));
}

// The response head is written by hand; Beast's parser, an independent reader of HTTP/1.1,
// must read it back exactly, framing included.
TEST(ResponseHead, AnIndependentParserReadsItBackWithItsBodyAndFraming) {
  namespace bhttp = boost::beast::http;
  const auto read_back = [](const http::Response& r, unsigned version, bool keep_alive) {
    std::string wire;
    http::append_response_head(wire, r, version, keep_alive, "req-1");
    if (http::status_has_body(r.status)) wire += r.body;
    bhttp::response_parser<bhttp::string_body> parser;
    boost::system::error_code ec;
    parser.eager(true);
    const auto used = parser.put(boost::asio::buffer(wire), ec);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(used, wire.size());
    EXPECT_TRUE(parser.is_done());
    return parser.release();
  };
  auto r = http::Response::json(201, R"({"ok":true})");
  r.set_header("Retry-After", "1\r\nSet-Cookie: x=1");  // cannot split the head
  r.set_header("Content-Length", "999");                // framing is the writer's own
  auto m = read_back(r, 11, true);
  EXPECT_EQ(m.result_int(), 201);
  EXPECT_EQ(m.reason(), "Created");
  EXPECT_EQ(m.body(), R"({"ok":true})");
  EXPECT_EQ(m["Content-Type"], "application/json");
  EXPECT_EQ(m["X-Request-Id"], "req-1");
  EXPECT_EQ(m["Retry-After"], "1  Set-Cookie: x=1");
  EXPECT_EQ(m.count("Set-Cookie"), 0U);
  EXPECT_TRUE(m.keep_alive());

  EXPECT_FALSE(read_back(r, 11, false).keep_alive());
  EXPECT_TRUE(read_back(r, 10, true).keep_alive());
  EXPECT_FALSE(read_back(r, 10, false).keep_alive());

  http::Response not_modified;
  not_modified.status = 304;
  not_modified.body = "never sent";
  std::string wire;
  http::append_response_head(wire, not_modified, 11, true, "");
  EXPECT_EQ(wire, "HTTP/1.1 304 Not Modified\r\n\r\n");
}

TEST(Problem, IsRfc9457WithAStableCode) {
  auto r = http::to_response(http::rate_limited("slow down"), "/v1/store.list", "req-1");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(*find_header(r.headers, "content-type"), "application/problem+json");
  auto body = json::parse(r.body).as_object();
  EXPECT_EQ(body.at("type"), "urn:cartgate:problem:rate_limited");
  EXPECT_EQ(body.at("status"), 429);
  EXPECT_EQ(body.at("code"), "rate_limited");
  EXPECT_EQ(body.at("instance"), "/v1/store.list");
  EXPECT_EQ(body.at("request_id"), "req-1");
  EXPECT_TRUE(body.contains("title") && body.contains("detail"));
}

}  // namespace
}  // namespace cartgate
