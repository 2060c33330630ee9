#include <set>
#include <thread>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/schema/json.hpp>

#include "api/connector_problem.hpp"
#include "api/params.hpp"
#include "api/store_reads.hpp"
#include "api/store_view.hpp"
#include "config/config.hpp"
#include "connectors/connector_registry.hpp"
#include "http/client_address.hpp"
#include "http/problem.hpp"
#include "http/request_translation.hpp"
#include "http/response_head.hpp"
#include "log/logger.hpp"
#include "redis/endpoint.hpp"
#include "store/recent_stores.hpp"
#include "support/sample_entities.hpp"
#include "util/percent_decode.hpp"

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

TEST(PercentDecode, DecodesEscapesAndPlusWhereAskedAndRefusesMalformedEscapes) {
  EXPECT_EQ(util::percent_decode("a%2Fb%c3%A9"), "a/b\xC3\xA9");
  EXPECT_EQ(util::percent_decode("J+Doe"), "J+Doe");
  EXPECT_EQ(util::percent_decode("J+Doe", util::Plus::space), "J Doe");
  EXPECT_EQ(util::percent_decode("a%2Bb", util::Plus::space), "a+b");
  // Not held to RFC 3986: clients send brackets unescaped (searchCriteria[...]).
  EXPECT_EQ(util::percent_decode("f[0][x]=1"), "f[0][x]=1");
  EXPECT_EQ(util::percent_decode(""), "");
  for (const char* bad : {"%", "%4", "%zz", "a%g1", "100%", "%%41"}) {
    EXPECT_FALSE(util::percent_decode(bad)) << bad;
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

TEST(RecentStores, ServeARecordForItsTimeToLiveAndForgetChangesAtOnce) {
  auto now = RecentStores::Clock::time_point{};
  RecentStores recent(std::chrono::milliseconds(1000), 2, [&now] { return now; });
  StoreRecord a;
  a.id = "st_a";
  a.tenant = "t1";
  a.base_url = "https://a.example";
  recent.remember(a, recent.generation());
  ASSERT_TRUE(recent.find("st_a"));
  EXPECT_EQ(recent.find("st_a")->base_url, "https://a.example");
  now += std::chrono::milliseconds(999);
  EXPECT_TRUE(recent.find("st_a"));
  now += std::chrono::milliseconds(1);
  EXPECT_FALSE(recent.find("st_a")) << "kept past its time to live";

  // A read that began before this process changed a store is not kept: it may be the old record.
  const auto before_change = recent.generation();
  recent.forget("st_a");
  recent.remember(a, before_change);
  EXPECT_FALSE(recent.find("st_a"));
  recent.remember(a, recent.generation());
  EXPECT_TRUE(recent.find("st_a"));
  recent.forget("st_a");
  EXPECT_FALSE(recent.find("st_a"));

  // Full: the expired go first, then everything, never more than the capacity.
  StoreRecord b = a, c = a;
  b.id = "st_b";
  c.id = "st_c";
  recent.remember(a, recent.generation());
  recent.remember(b, recent.generation());
  recent.remember(c, recent.generation());
  EXPECT_TRUE(recent.find("st_c"));
  EXPECT_EQ(int(recent.find("st_a").has_value()) + int(recent.find("st_b").has_value()), 0);

  // Expired records do not pile up: the next remember after a time to live sweeps them.
  now += std::chrono::milliseconds(1000);
  StoreRecord d = a;
  d.id = "st_d";
  recent.remember(d, recent.generation());
  EXPECT_EQ(recent.size(), 1u);

  RecentStores off(std::chrono::milliseconds(0));
  off.remember(a, off.generation());
  EXPECT_FALSE(off.find("st_a")) << "a zero time to live keeps nothing";
}

TEST(ReadEntities, JsonItemsFromPluginsAreReadStrictlyIntoEntities) {
  // A plugin's page arrives as JSON across the ABI; list answers are written from entities.
  const Order order = test::sample_order();
  const Order jpy = test::sample_guest_order_jpy();
  json::array items{json::value_from(order), json::value_from(jpy)};
  std::vector<EntityData> entities;
  EXPECT_FALSE(api::read_entities(items, Entity::order, "example", entities));
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(std::get<Order>(entities[0]), order);
  EXPECT_EQ(std::get<Order>(entities[1]), jpy);

  // Money with a float, or an order where a customer was asked for: the connector's fault.
  items[1].as_object()["totals"].as_object()["total"] =
      json::object{{"amount", 12.5}, {"currency", "USD"}};
  entities.clear();
  auto problem = api::read_entities(items, Entity::order, "example", entities);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->status, 502);
  EXPECT_EQ(problem->code, "connector_failed");
  EXPECT_NE(problem->detail.find("example connector"), std::string::npos) << problem->detail;
  entities.clear();
  EXPECT_TRUE(api::read_entities(json::array{json::value_from(order)}, Entity::customer, "example",
                                 entities));
}

TEST(Params, ParsesFormEncodedQueries) {
  auto q = api::parse_query("store_id=st_1&email=a%2Bb%40x.com&name=J+Doe&&empty=");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->at("store_id"), "st_1");
  EXPECT_EQ(q->at("email"), "a+b@x.com");
  EXPECT_EQ(q->at("name"), "J Doe");
  EXPECT_EQ(q->at("empty"), "");
  EXPECT_FALSE(api::parse_query("a=1&a=2"));
  EXPECT_FALSE(api::parse_query("a=%zz"));
  EXPECT_FALSE(api::parse_query("a=%4"));
  EXPECT_FALSE(api::parse_query("=x"));
}

TEST(Params, MergesQueryAndJsonBody) {
  http::Request r;
  r.query = "limit=5";
  r.body = R"({"cursor":"abc","credentials":{"token":"t"}})";
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  auto p = api::Params::from_request(r);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p->integer("limit", 1, 250, 50), 5);
  EXPECT_EQ(**p->string("cursor", 10), "abc");
  EXPECT_EQ((**p->string_map("credentials", 10)).at("token"), "t");
  EXPECT_FALSE(p->only({"limit", "cursor"}) == std::nullopt);
  EXPECT_EQ(p->only({"limit", "cursor", "credentials"}), std::nullopt);
  EXPECT_FALSE(p->integer("cursor", 1, 2, 1));
  EXPECT_FALSE(p->string("cursor", 2));

  r.query = "cursor=x";
  EXPECT_EQ(api::Params::from_request(r).error().code, "invalid_parameter");
  r.query.clear();
  r.headers = {{"Content-Type", "text/plain"}};
  EXPECT_EQ(api::Params::from_request(r).error().status, 415);
  r.headers = {{"Content-Type", "application/json"}};
  r.body = "[1]";
  EXPECT_EQ(api::Params::from_request(r).error().code, "malformed_json");
  r.body = "{";
  EXPECT_EQ(api::Params::from_request(r).error().code, "malformed_json");
}

TEST(ConnectorProblem, TheConnectorsOwnFailureDoesNotBlameTheStore) {
  ConnectorError e{ConnectorErrorKind::connector_failed, "The acme connector failed internally.",
                   std::nullopt, std::nullopt};
  auto p = api::connector_problem(e, "st_1");
  EXPECT_EQ(p.status, 502);
  EXPECT_EQ(p.code, "connector_failed");
  e.kind = ConnectorErrorKind::upstream_error;
  EXPECT_EQ(api::connector_problem(e, "st_1").code, "store_unavailable");
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

TEST(Logger, RedactsSecretLookingFieldsAndEscapes) {
  const std::string line = log::format_line(log::Level::info, "store \"added\"",
                                            {{"access_token", "shpat_secret"},
                                             {"Authorization", "Bearer x"},
                                             {"client_secret", "s"},
                                             {"store_id", "st_1"},
                                             {"count", 3}});
  EXPECT_EQ(line.find("shpat_secret"), std::string::npos);
  EXPECT_EQ(line.find("Bearer x"), std::string::npos);
  auto jv = json::parse(line).as_object();
  EXPECT_EQ(jv.at("access_token"), "[redacted]");
  EXPECT_EQ(jv.at("client_secret"), "[redacted]");
  EXPECT_EQ(jv.at("store_id"), "st_1");
  EXPECT_EQ(jv.at("count"), 3);
  EXPECT_EQ(jv.at("msg"), "store \"added\"");
  EXPECT_EQ(jv.at("level"), "info");
}

TEST(Config, DefaultsFileAndEnvironment) {
  std::string error;
  const auto no_env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  auto c = load_config("", no_env, error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->http.port, 8080);
  EXPECT_EQ(c->redis.key_namespace, "cg");

  const auto env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "CARTGATE_HTTP_PORT") return "9090";
    if (name == "CARTGATE_REDIS_URL") return "unix:///run/redis.sock?db=2";
    return std::nullopt;
  };
  c = load_config(R"({"http":{"port":1234,"max_body_bytes":2048},"log":{"level":"debug"}})", env,
                  error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->http.port, 9090);  // environment wins
  EXPECT_EQ(c->http.max_body_bytes, 2048);
  EXPECT_EQ(c->log.level, "debug");
  EXPECT_EQ(c->redis.url, "unix:///run/redis.sock?db=2");

  EXPECT_FALSE(load_config(R"({"http":{"prot":1}})", no_env, error));
  EXPECT_NE(error.find("http.prot"), std::string::npos);
  EXPECT_FALSE(load_config(R"({"http":{"port":70000}})", no_env, error));
  EXPECT_FALSE(load_config(R"({"http":{"port":"80"}})", no_env, error));
  EXPECT_FALSE(load_config(R"({"redis":{"url":"http://x"}})", no_env, error));
  EXPECT_FALSE(load_config(R"({"log":{"level":"loud"}})", no_env, error));
  EXPECT_FALSE(load_config("[]", no_env, error));
  const auto bad_env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "CARTGATE_HTTP_THREADS") return "four";
    return std::nullopt;
  };
  EXPECT_FALSE(load_config("", bad_env, error));
}

TEST(RedisEndpoint, ParsesUrls) {
  auto e = redis::parse_endpoint("redis://user:pa%40ss@cache.internal:6380/3");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "cache.internal");
  EXPECT_EQ(e->port, 6380);
  EXPECT_EQ(e->username, "user");
  EXPECT_EQ(e->password, "pa@ss");
  EXPECT_EQ(e->db, 3);
  EXPECT_EQ(e->describe(), "cache.internal:6380");
  e = redis::parse_endpoint("redis://127.0.0.1");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->port, 6379);
  EXPECT_FALSE(redis::parse_endpoint("redis://h/abc"));
  EXPECT_FALSE(redis::parse_endpoint("https://h"));
  EXPECT_FALSE(redis::parse_endpoint("unix://"));
}

TEST(Manifest, ValidationGuardsTheRegistry) {
  Manifest m;
  m.platform = "acme";
  EXPECT_EQ(validate_manifest(m), "");
  m.platform = "Acme";
  EXPECT_NE(validate_manifest(m), "");
  m.platform = "a";
  EXPECT_NE(validate_manifest(m), "");
  m.platform = "acme";
  m.credentials = {{"token", true, true, ""}, {"token", true, true, ""}};
  EXPECT_NE(validate_manifest(m), "");
  m.credentials = {};
  m.max_page_size = 0;
  EXPECT_NE(validate_manifest(m), "");
}

TEST(StoreView, NeverShowsSecrets) {
  EXPECT_EQ(api::mask_secret("short"), "****");
  EXPECT_EQ(api::mask_secret("shpat_0123456789abcdef"), "****cdef");
  Manifest m;
  m.platform = "acme";
  m.credentials = {{"token", true, true, ""}, {"label", false, false, ""}};
  StoreRecord r;
  r.id = "st_1";
  r.platform = "acme";
  auto view = api::store_view(
      r, &m,
      std::map<std::string, std::string>{{"token", "tok_0123456789abcdef"}, {"label", "EU"}});
  EXPECT_EQ(view.at("credentials").at("token"), "****cdef");
  EXPECT_EQ(view.at("credentials").at("label"), "EU");
  auto unknown = api::store_view(r, nullptr, std::map<std::string, std::string>{{"label", "EU"}});
  EXPECT_EQ(unknown.at("credentials").at("label"), "****");
  EXPECT_EQ(api::store_view(r, &m, std::nullopt).at("credentials"), "unreadable");
}

}  // namespace
}  // namespace cartgate
