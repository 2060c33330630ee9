// The HTTP front door: limits, timeouts, malformed input, pipelining and graceful drain.
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
