#include "common/http_client.hpp"

#include <memory>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <openssl/ssl.h>

namespace sandbox {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

namespace {

constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

template <class Stream>
asio::awaitable<ClientResult> exchange(Stream& stream, bhttp::request<bhttp::string_body>& req) {
  ClientResult r;
  r.connected = true;
  auto [wec, wn] = co_await bhttp::async_write(stream, req, kAwait);
  if (wec) {
    r.error = "write: " + wec.message();
    co_return r;
  }
  boost::beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(1 << 20);
  auto [rec, rn] = co_await bhttp::async_read(stream, buffer, parser, kAwait);
  if (rec) {
    r.error = "read: " + rec.message();
    co_return r;
  }
  r.status = static_cast<int>(parser.get().result_int());
  r.body = parser.get().body();
  co_return r;
}

}  // namespace

asio::awaitable<ClientResult> http_send(asio::any_io_executor executor, asio::ssl::context& tls,
                                        const cartgate::HttpRequest& request,
                                        std::chrono::milliseconds timeout) {
  ClientResult result;
  auto url = boost::urls::parse_absolute_uri(request.url);
  if (!url || url->host().empty() || (url->scheme() != "http" && url->scheme() != "https")) {
    result.error = "invalid url";
    co_return result;
  }
  const bool https = url->scheme() == "https";
  const std::string host = url->host_address();
  const std::string port = url->has_port() ? std::string(url->port()) : (https ? "443" : "80");
  std::string target = url->encoded_path().empty() ? "/" : std::string(url->encoded_path());
  if (url->has_query()) target += "?" + std::string(url->encoded_query());

  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(request.method), target, 11};
  req.set(bhttp::field::host, url->has_port() ? host + ":" + port : host);
  for (const auto& h : request.headers)
    req.set(h.name, h.value);
  req.body() = request.body;
  req.keep_alive(false);
  req.prepare_payload();

  // One deadline for the whole exchange: on expiry the socket is closed under the operation.
  auto socket = std::make_shared<tcp::socket>(executor);
  auto timed_out = std::make_shared<bool>(false);
  asio::steady_timer timer(executor, timeout);
  timer.async_wait([socket, timed_out](boost::system::error_code ec) {
    if (ec) return;
    *timed_out = true;
    boost::system::error_code ignored;
    socket->close(ignored);
  });

  tcp::resolver resolver(executor);
  auto [dns_ec, endpoints] = co_await resolver.async_resolve(host, port, kAwait);
  if (dns_ec) {
    timer.cancel();
    result.error = "resolve: " + dns_ec.message();
    co_return result;
  }
  auto [conn_ec, ep] = co_await asio::async_connect(*socket, endpoints, kAwait);
  if (conn_ec) {
    timer.cancel();
    result.error = *timed_out ? "timeout" : "connect: " + conn_ec.message();
    co_return result;
  }
  // Head and body (and TLS records) are separate writes; Nagle would hold the second one for
  // the receiver's delayed ACK.
  boost::system::error_code nodelay_ec;
  socket->set_option(tcp::no_delay(true), nodelay_ec);
  if (https) {
    asio::ssl::stream<tcp::socket&> stream(*socket, tls);
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    stream.set_verify_mode(asio::ssl::verify_peer);
    stream.set_verify_callback(asio::ssl::host_name_verification(host));
    auto [hs_ec] = co_await stream.async_handshake(asio::ssl::stream_base::client, kAwait);
    if (hs_ec) {
      timer.cancel();
      result.error = *timed_out ? "timeout" : "tls: " + hs_ec.message();
      co_return result;
    }
    result = co_await exchange(stream, req);
  } else {
    result = co_await exchange(*socket, req);
  }
  timer.cancel();
  if (*timed_out) {
    result.connected = result.status != 0;
    result.error = "timeout";
  }
  boost::system::error_code ignored;
  socket->close(ignored);
  co_return result;
}

}  // namespace sandbox
