// The HTTP front door: limits, timeouts, malformed input, pipelining and graceful drain.
#include <filesystem>
#include <signal.h>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include "support/gateway_process.hpp"
#include "support/http_client.hpp"

namespace cartgate::test {
namespace {

using namespace std::chrono_literals;

TEST(GatewayHttp, HealthReadinessAndRouting) {
  GatewayProcess gw;
  auto h = http_request(gw.port(), "GET", "/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.json().at("status"), "ok");
  EXPECT_EQ(h.header("x-request-id").size(), 24u);
  EXPECT_EQ(http_request(gw.port(), "GET", "/readyz").json().at("status"), "ready");

  auto nf = http_request(gw.port(), "GET", "/nope");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.json().at("code"), "not_found");
  const std::string key = gw.create_key("acme");
  auto unknown = http_request(gw.port(), "GET", "/v1/order.explode", {{"x-api-key", key}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json().at("code"), "unknown_method");
  auto wrong_method = http_request(gw.port(), "GET", "/v1/store.add", {{"x-api-key", key}});
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.header("allow"), "POST");
  auto echoed = http_request(gw.port(), "GET", "/healthz", {{"X-Request-Id", "trace-42"}});
  EXPECT_EQ(echoed.header("x-request-id"), "trace-42");
  auto replaced = http_request(gw.port(), "GET", "/healthz", {{"X-Request-Id", "bad id\x01"}});
  EXPECT_NE(replaced.header("x-request-id"), "bad id\x01");
}

TEST(GatewayHttp, KeepAliveAndPipelinedRequests) {
  GatewayProcess gw;
  HttpConnection c(gw.port());
  c.send_raw(
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto first = c.read_response();
  auto second = c.read_response();
  auto third = c.read_response();
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->status, 404);
  EXPECT_EQ(third->status, 200);
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);  // still open
}

TEST(GatewayHttp, MalformedRequestsGet400AndOthersAreUnaffected) {
  GatewayProcess gw;
  HttpConnection bad(gw.port());
  bad.send_raw("THIS IS NOT HTTP\r\n\r\n");
  auto r = bad.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->json().at("code"), "malformed_request");
  EXPECT_TRUE(bad.closed_by_peer(2s));

  HttpConnection bad_target(gw.port());
  bad_target.send_raw("GET http://evil/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  r = bad_target.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);

  HttpConnection bad_chunk(gw.port());
  bad_chunk.send_raw(
      "POST /v1/store.add HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
  r = bad_chunk.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);

  EXPECT_EQ(http_request(gw.port(), "GET", "/healthz").status, 200);
}

TEST(GatewayHttp, OversizedBodiesAndHeadsAreRefused) {
  GatewayProcess gw(
      Env{{"CARTGATE_HTTP_MAX_BODY_BYTES", "1024"}, {"CARTGATE_HTTP_MAX_HEADER_BYTES", "2048"}});
  HttpConnection declared(gw.port());
  // Refused from the Content-Length alone: the body is never read.
  declared.send_raw("POST /v1/store.add HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
  auto r = declared.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->json().at("code"), "payload_too_large");
  EXPECT_TRUE(declared.closed_by_peer(2s));

  HttpConnection chunked(gw.port());
  std::string body(1500, 'a');
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  chunked.send_raw("POST /v1/store.add HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                   std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n");
  r = chunked.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);

  HttpConnection big_head(gw.port());
  big_head.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(4000, 'p') +
                    "\r\n\r\n");
  r = big_head.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);

  EXPECT_EQ(http_request(gw.port(), "GET", "/healthz").status, 200);
}

TEST(GatewayHttp, SlowClientsGet408WithoutHoldingUpOthers) {
  GatewayProcess gw(Env{{"CARTGATE_HTTP_HEADER_TIMEOUT_MS", "400"},
                        {"CARTGATE_HTTP_BODY_TIMEOUT_MS", "400"},
                        {"CARTGATE_HTTP_IDLE_TIMEOUT_MS", "400"}});
  HttpConnection slow_head(gw.port());
  slow_head.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // never finishes the head
  HttpConnection slow_body(gw.port());
  slow_body.send_raw(
      "POST /v1/store.add HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\n{\"a\":");
  HttpConnection idle(gw.port());

  // Meanwhile everyone else is served promptly.
  for (int i = 0; i < 5; ++i) {
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(http_request(gw.port(), "GET", "/healthz").status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 300ms);
  }

  auto r = slow_head.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  EXPECT_EQ(r->json().at("code"), "request_timeout");
  EXPECT_TRUE(slow_head.closed_by_peer(2s));
  r = slow_body.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  // An idle keep-alive connection is closed quietly, without a response.
  EXPECT_TRUE(idle.closed_by_peer(2s));
}

// Deadlines are lazy (one timer that may wake early, never late): after requests on a
// keep-alive connection have moved the timer's wake-up, a slow head still gets its 408 within
// the header timeout's bound, and an idle connection is neither closed early nor kept too long.
TEST(GatewayHttp, DeadlinesHoldOnKeepAliveConnectionsAfterEarlierRequests) {
  GatewayProcess gw(
      Env{{"CARTGATE_HTTP_HEADER_TIMEOUT_MS", "300"}, {"CARTGATE_HTTP_IDLE_TIMEOUT_MS", "1500"}});
  HttpConnection slow_head(gw.port());
  HttpConnection idle(gw.port());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(slow_head.request("GET", "/healthz").status, 200);
    EXPECT_EQ(idle.request("GET", "/healthz").status, 200);
  }

  const auto started = std::chrono::steady_clock::now();
  slow_head.send_raw("GET /healthz HTTP/1.1\r\nHo");  // and never more
  auto r = slow_head.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  // At most twice the header timeout (see arm_head), well before the idle timeout.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1200ms);

  EXPECT_FALSE(idle.closed_by_peer(700ms));  // idle for ~0.7 s of its 1.5 s
  EXPECT_TRUE(idle.closed_by_peer(3s));
}

TEST(GatewayHttp, SigtermDrainsInFlightRequestsAndRefusesNewOnes) {
  GatewayProcess gw;
  const std::string key = gw.create_key("acme");
  HttpConnection in_flight(gw.port());
  HttpConnection idle(gw.port());
  ASSERT_EQ(idle.request("GET", "/healthz").status, 200);

  // A request whose body is still arriving when the signal comes.
  const std::string body = R"({"limit":5})";
  in_flight.send_raw("POST /v1/store.list HTTP/1.1\r\nHost: x\r\nx-api-key: " + key +
                     "\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 3));
  std::this_thread::sleep_for(100ms);
  gw.signal(SIGTERM);
  std::this_thread::sleep_for(200ms);

  EXPECT_TRUE(idle.closed_by_peer(2s));  // idle keep-alive connections are closed
  EXPECT_THROW(http_request(gw.port(), "GET", "/healthz"), std::exception);  // no new ones
  EXPECT_TRUE(gw.running());  // still draining the in-flight request

  in_flight.send_raw(body.substr(3));
  auto r = in_flight.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->connection_closed);
  EXPECT_EQ(gw.wait_exit(5s), 0);
  EXPECT_NE(gw.log_text().find("\"drained\",\"clean\":true"), std::string::npos);
}

}  // namespace
}  // namespace cartgate::test

namespace cartgate::test {
namespace {

// Runs a shell command; its stdout.
std::string shell(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
    out.append(buf, n);
  ::pclose(pipe);
  return out;
}

// A self-signed certificate for 127.0.0.1 in dir/<name>.{crt,key}; its SHA-256 fingerprint.
std::string make_certificate(const std::string& dir, const std::string& name) {
  shell(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      dir + "/" + name + ".key -out " + dir + "/" + name + ".crt 2>/dev/null");
  return shell("openssl x509 -noout -fingerprint -sha256 -in " + dir + "/" + name + ".crt");
}

// The fingerprint of the certificate the listener presents now.
std::string served_fingerprint(std::uint16_t port) {
  return shell("echo | openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
               " 2>/dev/null | openssl x509 -noout -fingerprint -sha256");
}

TEST(GatewayHttp, HttpsListenerReloadsItsCertificateOnSighup) {
  const std::string dir = ::testing::TempDir() + "cartgate-tls-" + fresh_namespace();
  std::filesystem::create_directories(dir);
  const std::string first = make_certificate(dir, "first");
  ASSERT_NE(first.find("Fingerprint"), std::string::npos) << "openssl could not make a certificate";
  std::filesystem::copy_file(dir + "/first.crt", dir + "/live.crt");
  std::filesystem::copy_file(dir + "/first.key", dir + "/live.key");
  GatewayProcess gw({{"CARTGATE_HTTP_TLS_CERT_FILE", dir + "/live.crt"},
                     {"CARTGATE_HTTP_TLS_KEY_FILE", dir + "/live.key"}});
  const std::string health = "curl -s --cacert " + dir +
                             "/live.crt https://127.0.0.1:" + std::to_string(gw.port()) +
                             "/healthz";
  EXPECT_NE(shell(health).find("\"ok\""), std::string::npos);
  EXPECT_EQ(served_fingerprint(gw.port()), first);

  // A renewed pair, then SIGHUP: new connections get it, without a restart.
  const std::string second = make_certificate(dir, "second");
  std::filesystem::copy_file(dir + "/second.crt", dir + "/live.crt",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(dir + "/second.key", dir + "/live.key",
                             std::filesystem::copy_options::overwrite_existing);
  gw.signal(SIGHUP);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(served_fingerprint(gw.port()), second);
  EXPECT_NE(shell(health).find("\"ok\""), std::string::npos);

  // A botched renewal (key of another certificate): logged, the current pair stays.
  std::filesystem::copy_file(dir + "/first.key", dir + "/live.key",
                             std::filesystem::copy_options::overwrite_existing);
  gw.signal(SIGHUP);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(served_fingerprint(gw.port()), second);
  EXPECT_TRUE(gw.running());
  EXPECT_NE(gw.log_text().find("tls certificate not reloaded"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(GatewayHttp, PlainHttpPublicUrlOnlyForAnAllowlistedAddress) {
  // Platforms deliver signed webhooks there: plain http only for a development address.
  GatewayProcess ok({{"CARTGATE_EVENTS_PUBLIC_URL", "http://127.0.0.1:9"},
                     {"CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST", "127.0.0.1/32"}});
  EXPECT_TRUE(ok.running());
  for (const char* url : {"http://gw.example.com", "http://127.0.0.1:9"}) {
    try {
      GatewayProcess refused(Env{{"CARTGATE_EVENTS_PUBLIC_URL", std::string(url)}});
      ADD_FAILURE() << url << " was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("events.public_url"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace cartgate::test
