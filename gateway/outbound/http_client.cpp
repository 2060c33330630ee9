#include "outbound/http_client.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <optional>
#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

#include "util/ascii_lower.hpp"

namespace cartgate::outbound {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;
using boost::system::error_code;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::uint64_t kBodyReadRoom = 65536;  // the most one read of an answer's body takes
constexpr std::size_t kIdleBufferRoom = 4096;   // kept by a pooled connection between calls

struct HttpClient::Connection {
  std::optional<beast::tcp_stream> plain;
  std::optional<ssl::stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  Clock::time_point idle_since{};

  beast::tcp_stream& tcp() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
};

namespace {

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string resource;  // path and query as sent on the request line
  std::string origin;    // pool key
  std::string host_header;
};

std::optional<Target> parse_target(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  if (!u || u->host().empty() || u->has_userinfo()) return std::nullopt;
  Target t;
  if (u->scheme() == "https") {
    t.tls = true;
  } else if (u->scheme() != "http") {
    return std::nullopt;
  }
  t.host = util::ascii_lower(u->host_address());
  const std::string default_port = t.tls ? "443" : "80";
  t.port = u->has_port() ? std::string(u->port()) : default_port;
  t.resource = u->encoded_path().empty() ? "/" : std::string(u->encoded_path());
  if (u->has_query()) t.resource += "?" + std::string(u->encoded_query());
  t.origin = std::string(t.tls ? "https://" : "http://") + t.host + ":" + t.port;
  t.host_header = std::string(u->encoded_host_and_port());
  return t;
}

bool is_ip_literal(const std::string& host) {
  error_code ec;
  (void)asio::ip::make_address(host, ec);
  return !ec;
}

FetchError failure(FetchFailure kind, const Target& t, std::string_view what,
                   const error_code& ec) {
  return FetchError{kind, std::string(what) + " " + t.host + ":" + t.port + ": " + ec.message()};
}

FetchFailure from_io_error(const error_code& ec) {
  return ec == beast::error::timeout ? FetchFailure::timeout : FetchFailure::transport;
}

// Whether the server has closed (or written unasked into) an idle connection: a look at the
// socket that never blocks. A request that must not be repeated goes only on one that passes,
// since the pool's retry-on-close cannot be used for it.
bool closed_by_peer(beast::tcp_stream& stream) {
  char byte = 0;
  const auto n = ::recv(stream.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
}

// What an exchange came to: its error, whether any of the answer arrived, and whether the
// whole request was written (so the server may have acted on it).
struct Exchanged {
  error_code ec;
  bool answered = false;
  bool sent = false;
};

template <class Stream>
asio::awaitable<Exchanged> exchange(Stream& stream, beast::flat_buffer& buffer,
                                    bhttp::request<bhttp::string_body>& request,
                                    bhttp::response_parser<bhttp::string_body>& parser) {
  auto [write_ec, written] = co_await bhttp::async_write(stream, request, kTuple);
  (void)written;
  if (write_ec) co_return Exchanged{write_ec, false, false};
  auto [head_ec, head] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
  (void)head;
  if (head_ec || parser.is_done()) co_return Exchanged{head_ec, parser.got_some(), true};
  // Beast reads no more than the buffer's free room (at least 512 bytes) at a time: left at
  // the size the head needed, a 150 KB page came in ~280 reads, each a full asynchronous
  // operation. Room for a large read first; put_idle() gives it back.
  const auto length = parser.content_length();
  buffer.reserve(std::min<std::uint64_t>(length ? *length : kBodyReadRoom, kBodyReadRoom));
  auto [body_ec, body] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
  (void)body;
  co_return Exchanged{body_ec, true, true};
}

}  // namespace

ssl::context make_tls_client_context(const std::string& ca_file) {
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx.set_default_verify_paths();
  if (!ca_file.empty()) ctx.load_verify_file(ca_file);
  ctx.set_verify_mode(ssl::verify_peer);
  return ctx;
}

HttpClient::HttpClient(asio::any_io_executor executor, ssl::context& tls, ClientOptions options)
    : executor_(std::move(executor)),
      tls_(tls),
      options_(std::move(options)),
      jitter_(std::random_device{}()) {}

HttpClient::~HttpClient() = default;

std::size_t HttpClient::idle_connections() const {
  std::size_t n = 0;
  for (const auto& [origin, list] : idle_)
    n += list.size();
  return n;
}

std::unique_ptr<HttpClient::Connection> HttpClient::take_idle(const std::string& origin,
                                                              bool checked) {
  auto it = idle_.find(origin);
  if (it == idle_.end()) return nullptr;
  auto& list = it->second;
  const auto now = Clock::now();
  while (!list.empty()) {
    auto c = std::move(list.back());
    list.pop_back();
    if (now - c->idle_since >= options_.idle_lifetime) continue;
    if (checked && closed_by_peer(c->tcp())) continue;
    return c;
  }
  return nullptr;
}

void HttpClient::put_idle(const std::string& origin, std::unique_ptr<Connection> connection) {
  auto& list = idle_[origin];
  if (list.size() >= options_.max_idle_per_origin) return;  // closed by its destructor
  connection->tcp().expires_never();
  connection->idle_since = Clock::now();
  // Thousands of stores may each hold an idle connection: none keeps a large read's room.
  if (connection->buffer.capacity() > kIdleBufferRoom) connection->buffer.shrink_to_fit();
  list.push_back(std::move(connection));
}

asio::awaitable<FetchResult> HttpClient::attempt(const HttpRequest& request, bool idempotent,
                                                 Clock::time_point deadline) {
  const auto target = parse_target(request.url);
  if (!target) co_return FetchError{FetchFailure::invalid_url, "not an absolute http(s) URL"};
  const bhttp::verb verb = bhttp::string_to_verb(request.method);
  if (verb == bhttp::verb::unknown) {
    co_return FetchError{FetchFailure::invalid_url, "unknown method " + request.method};
  }
  // Header names and values come from connectors and store credentials: no CR, LF or NUL may
  // smuggle extra headers (or a second request) onto the wire.
  for (const auto& h : request.headers) {
    if (h.name.empty() || h.name.find_first_of("\r\n\0: ", 0, 5) != std::string::npos ||
        h.value.find_first_of("\r\n\0", 0, 3) != std::string::npos) {
      co_return FetchError{FetchFailure::invalid_url, "a header holds forbidden characters"};
    }
  }
  bhttp::request<bhttp::string_body> message{verb, target->resource, 11};
  message.set(bhttp::field::host, target->host_header);
  message.set(bhttp::field::user_agent, options_.user_agent);
  for (const auto& h : request.headers)
    message.set(h.name, h.value);
  message.body() = request.body;
  message.keep_alive(true);
  message.prepare_payload();

  // A pooled connection the server has meanwhile closed fails before any answer arrives;
  // that is retried once on a fresh connection. A request that must not run twice (a write)
  // is retried so only when it was not wholly sent: once sent, the server may have acted on it
  // before closing, and the caller settles that by reading back, never by sending it again.
  for (int round = 0; round < 2; ++round) {
    std::unique_ptr<Connection> conn =
        round == 0 ? take_idle(target->origin, !idempotent) : nullptr;
    const bool reused = conn != nullptr;
    if (!conn) {
      conn = std::make_unique<Connection>();
      if (options_.destinations == nullptr) {
        co_return FetchError{FetchFailure::forbidden_address, "no outbound destinations allowed"};
      }
      auto resolved = co_await resolve_destination(executor_, *options_.destinations, target->host,
                                                   target->port);
      if (auto* refused = std::get_if<RefusedDestination>(&resolved)) {
        co_return FetchError{refused->why == Refusal::unresolvable
                                 ? FetchFailure::resolve
                                 : FetchFailure::forbidden_address,
                             std::move(refused->message)};
      }
      const auto& permitted = std::get<std::vector<tcp::endpoint>>(resolved);
      if (target->tls) {
        conn->secure.emplace(executor_, tls_);
      } else {
        conn->plain.emplace(executor_);
      }
      conn->tcp().expires_at(std::min(deadline, Clock::now() + options_.connect_timeout));
      auto [connect_ec, endpoint] = co_await conn->tcp().async_connect(permitted, kTuple);
      (void)endpoint;
      if (connect_ec) {
        co_return failure(
            connect_ec == beast::error::timeout ? FetchFailure::timeout : FetchFailure::connect,
            *target, "connect", connect_ec);
      }
      // A request goes out in more than one write (TLS records, a head then a body): without
      // this, Nagle holds the second until the first is acknowledged, and a peer that delays
      // its ACK (40 ms on Linux) adds that to the call.
      boost::system::error_code nodelay_ec;
      conn->tcp().socket().set_option(tcp::no_delay(true), nodelay_ec);
      if (target->tls) {
        if (!is_ip_literal(target->host) &&
            SSL_set_tlsext_host_name(conn->secure->native_handle(), target->host.c_str()) != 1) {
          co_return FetchError{FetchFailure::tls, "cannot set SNI for " + target->host};
        }
        conn->secure->set_verify_mode(ssl::verify_peer);
        conn->secure->set_verify_callback(ssl::host_name_verification(target->host));
        conn->tcp().expires_at(deadline);
        auto [tls_ec] = co_await conn->secure->async_handshake(ssl::stream_base::client, kTuple);
        if (tls_ec) {
          co_return failure(
              tls_ec == beast::error::timeout ? FetchFailure::timeout : FetchFailure::tls, *target,
              "TLS handshake with", tls_ec);
        }
      }
    }
    conn->tcp().expires_at(deadline);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.header_limit(64 * 1024);
    parser.body_limit(options_.max_response_bytes);
    auto [ec, answered, sent] =
        conn->secure ? co_await exchange(*conn->secure, conn->buffer, message, parser)
                     : co_await exchange(*conn->plain, conn->buffer, message, parser);
    if (ec) {
      if (reused && !answered && ec != beast::error::timeout && (idempotent || !sent)) continue;
      if (ec == bhttp::error::body_limit) {
        co_return failure(FetchFailure::too_large, *target, "answer too large from", ec);
      }
      co_return failure(from_io_error(ec), *target, "exchange with", ec);
    }
    auto& answer = parser.get();
    HttpResponse out;
    out.status = static_cast<int>(answer.result_int());
    for (const auto& field : answer) {
      out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    const bool keep = answer.keep_alive();
    out.body = std::move(answer.body());
    if (keep) put_idle(target->origin, std::move(conn));
    co_return out;
  }
  co_return FetchError{FetchFailure::transport, "connection closed by " + target->host};
}

asio::awaitable<FetchResult> HttpClient::fetch(const HttpRequest& request,
                                               Clock::time_point deadline) {
  const bool idempotent = request.method == "GET" || request.method == "HEAD";
  for (int attempt_no = 0;; ++attempt_no) {
    FetchResult result = FetchError{FetchFailure::transport, "internal error"};
    try {
      result = co_await attempt(request, idempotent, deadline);
    } catch (const std::exception& e) {
      // Beast and Asio report most failures as error codes; anything thrown still ends as a
      // failed fetch, never as an exception through a request handler.
      co_return FetchError{FetchFailure::transport, std::string("client error: ") + e.what()};
    }
    bool retryable = false;
    if (const auto* e = std::get_if<FetchError>(&result)) {
      retryable = e->failure == FetchFailure::resolve || e->failure == FetchFailure::connect ||
                  e->failure == FetchFailure::timeout || e->failure == FetchFailure::transport;
    } else {
      const int s = std::get<HttpResponse>(result).status;
      retryable = s == 500 || s == 502 || s == 503 || s == 504;
    }
    if (!idempotent || !retryable || attempt_no >= options_.max_retries) co_return result;
    // Exponential backoff with full jitter around it: 0.5x to 1.5x of base * 2^n.
    std::uniform_int_distribution<std::int64_t> spread(50, 150);
    const auto delay =
        options_.retry_base_delay * (std::int64_t{1} << attempt_no) * spread(jitter_) / 100;
    if (Clock::now() + delay >= deadline) co_return result;
    asio::steady_timer timer(executor_, delay);
    co_await timer.async_wait(kTuple);
  }
}

}  // namespace cartgate::outbound
