// The per-connection coroutine: [TLS handshake] -> head -> body -> handler -> response,
// repeated for keep-alive and pipelined requests. Every read and write runs under a deadline;
// a client that is too slow or sends too much gets a problem response and is disconnected,
// and nothing it does can block the worker's other connections.
#include "http/session.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "http/client_address.hpp"
#include "http/problem.hpp"
#include "http/request_handler.hpp"
#include "http/request_translation.hpp"
#include "http/response_head.hpp"
#include "http/server.hpp"
#include "log/logger.hpp"

namespace cartgate::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

namespace {

constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kHeadReadRoom = 4096;     // an idle connection's read buffer
constexpr std::uint64_t kBodyReadRoom = 65536;  // the most one read of a body takes

using TlsStream = asio::ssl::stream<tcp::socket>;
using Parser = bhttp::request_parser<bhttp::string_body>;

bool client_went_away(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
         ec == asio::ssl::error::stream_truncated;
}

// Stream is tcp::socket (plain HTTP) or asio::ssl::stream<tcp::socket> (HTTPS).
template <class Stream>
class BeastSession final : public Session,
                           public std::enable_shared_from_this<BeastSession<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  // `tls` is the context a TLS stream refers to: held here, declared first, so it outlives it.
  BeastSession(std::shared_ptr<asio::ssl::context> tls, Server& server, std::size_t worker,
               Stream stream, RequestHandler& handler, const asio::ip::address& peer)
      : tls_(std::move(tls)),
        server_(server),
        worker_(worker),
        stream_(std::move(stream)),
        handler_(handler),
        timer_(stream_.get_executor()) {
    peer_.address = peer;
  }

  void start() {
    server_.session_started(worker_, this->shared_from_this());
    asio::co_spawn(stream_.get_executor(), run(this->shared_from_this()), asio::detached);
  }

  void begin_drain() override {
    draining_ = true;
    if (idle()) cancel_io();
  }

 private:
  enum class Phase { handshake, head, body, handling, writing };

  tcp::socket& socket() {
    if constexpr (kTls) {
      return stream_.next_layer();
    } else {
      return stream_;
    }
  }

  // Waiting for the first byte of the next request: safe to close on drain or idle timeout.
  bool idle() const {
    return phase_ == Phase::handshake || (phase_ == Phase::head && !head_started_);
  }

  // `self` keeps the session alive for as long as the coroutine runs.
  asio::awaitable<void> run([[maybe_unused]] std::shared_ptr<BeastSession> self) {
    const auto& limits = server_.limits();
    boost::system::error_code ec;
    socket().set_option(tcp::no_delay(true), ec);
    peer_.text = endpoint_text();
    peer_.ip = client_address(peer_.address, std::nullopt, util::CidrSet());
    buffer_.reserve(kHeadReadRoom);  // a usual head, and often its small body, in one read

    if constexpr (kTls) {
      phase_ = Phase::handshake;
      arm(limits.header_timeout);
      auto [hs_ec] = co_await stream_.async_handshake(asio::ssl::stream_base::server, kAwait);
      disarm();
      if (hs_ec || timed_out_) {
        log::debug("tls handshake failed", {{"remote", peer_.text}, {"error", hs_ec.message()}});
        close();
        co_return;
      }
    }

    for (;;) {
      if (draining_ || server_.draining()) break;
      Parser parser;
      parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
      parser.body_limit(limits.max_body_bytes);
      const auto started = steady_clock::now();

      // The head: idle until its first byte (bytes of a pipelined request may already be
      // buffered), then bounded by the header timeout. See arm_head().
      phase_ = Phase::head;
      head_parser_ = &parser;
      head_started_ = buffer_.size() > 0;
      arm_head(started);
      auto [head_ec, head_n] = co_await bhttp::async_read_header(stream_, buffer_, parser, kAwait);
      disarm();
      head_parser_ = nullptr;
      if (timed_out_ || (draining_ && head_ec == asio::error::operation_aborted)) {
        // Nothing of a request yet: an idle keep-alive connection, closed quietly.
        if (parser.got_some()) {
          co_await reject(request_timeout("The request head did not arrive in time."));
        }
        break;
      }
      if (client_went_away(head_ec)) break;
      if (head_ec == bhttp::error::body_limit) {  // a Content-Length over the limit
        co_await reject(body_too_large());
        break;
      }
      if (head_ec == bhttp::error::header_limit) {
        co_await reject({431, "header_too_large", "Request header fields too large",
                         "The request head exceeds the configured limit."});
        break;
      }
      if (head_ec) {
        co_await reject(bad_request("malformed_request", "The request is not valid HTTP/1.1."));
        break;
      }

      const auto length = parser.content_length();
      if (length && *length > limits.max_body_bytes) {
        co_await reject(body_too_large());
        break;
      }
      if (!parser.is_done()) {
        if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
          bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
          arm(limits.write_timeout);
          auto [cont_ec, cont_n] = co_await bhttp::async_write(stream_, cont, kAwait);
          disarm();
          if (cont_ec || timed_out_) break;
        }
        phase_ = Phase::body;
        // Beast reads no more than the buffer's free room (at least 512 bytes) at a time; a
        // webhook of a few kilobytes took one read per 512 bytes. Room for the body first.
        buffer_.reserve(std::min<std::uint64_t>(length ? *length + buffer_.size() : kBodyReadRoom,
                                                kBodyReadRoom));
        arm(limits.body_timeout);
        auto [body_ec, body_n] = co_await bhttp::async_read(stream_, buffer_, parser, kAwait);
        disarm();
        if (timed_out_) {
          co_await reject(request_timeout("The request body did not arrive in time."));
          break;
        }
        if (body_ec == bhttp::error::body_limit) {
          co_await reject(body_too_large());
          break;
        }
        if (body_ec) {
          if (!client_went_away(body_ec)) {
            co_await reject(bad_request("malformed_request", "The request body is malformed."));
          }
          break;
        }
      }

      phase_ = Phase::handling;
      auto message = parser.release();
      const unsigned version = message.version();
      const bool client_keep_alive = message.keep_alive();
      Request request;
      Response response;
      if (!translate_request(message, peer_, limits.trusted_proxies, request)) {
        response = to_response(bad_request("malformed_request", "The request target is invalid."),
                               "", request.request_id);
      } else {
        try {
          response = co_await handler_.handle(request);
        } catch (const std::exception& e) {
          log::error("handler threw", {{"request_id", request.request_id}, {"error", e.what()}});
          response = to_response(internal_error(), request.path, request.request_id);
        }
      }
      const bool keep_alive = client_keep_alive && !draining_ && !server_.draining();
      const bool written = co_await write(response, version, keep_alive, request.request_id);
      log::info("request", {{"request_id", request.request_id},
                            {"method", request.method},
                            {"path", request.path},
                            {"status", response.status},
                            {"remote", peer_.text},
                            {"duration_us", std::chrono::duration_cast<std::chrono::microseconds>(
                                                steady_clock::now() - started)
                                                .count()}});
      if (!written || !keep_alive) break;
      // An idle keep-alive connection keeps only a small buffer, whatever its last body was.
      if (buffer_.size() == 0 && buffer_.capacity() > kHeadReadRoom) {
        buffer_.shrink_to_fit();
        buffer_.reserve(kHeadReadRoom);
      }
    }

    if constexpr (kTls) {
      // A bounded close_notify: a peer that stops reading cannot hold the session.
      arm(limits.write_timeout);
      co_await stream_.async_shutdown(kAwait);
      disarm();
    }
    close();
  }

  void close() {
    disarm();
    ++wake_generation_;
    timer_.cancel();  // the pending wait holds the session: let it go now
    boost::system::error_code ec;
    socket().shutdown(tcp::socket::shutdown_send, ec);
    socket().close(ec);
    server_.session_ended(worker_, this, peer_.address);
  }

  Problem body_too_large() const {
    return payload_too_large("The request body exceeds " +
                             std::to_string(server_.limits().max_body_bytes) + " bytes.");
  }

  // Answers a request that cannot be served and closes: no keep-alive after a protocol error.
  asio::awaitable<void> reject(const Problem& p) {
    const std::string id = new_request_id();
    Response r = to_response(p, "", id);
    co_await write(r, 11, false, id);
    log::info("request rejected",
              {{"request_id", id}, {"status", p.status}, {"code", p.code}, {"remote", peer_.text}});
  }

  asio::awaitable<bool> write(Response& r, unsigned version, bool keep_alive,
                              const std::string& request_id) {
    phase_ = Phase::writing;
    head_.clear();
    append_response_head(head_, r, version, keep_alive, request_id);
    const std::array<asio::const_buffer, 2> message{
        asio::buffer(head_),
        status_has_body(r.status) ? asio::buffer(r.body) : asio::const_buffer()};
    const std::size_t total = message[0].size() + message[1].size();
    arm(server_.limits().write_timeout);
    // Asio's own completion conditions hand the socket at most 64 KiB per write; a large answer
    // then took several writes, each through the reactor. Offer all that is left each time.
    auto [ec, n] = co_await asio::async_write(
        stream_, message,
        [total](const boost::system::error_code& error, std::size_t written) -> std::size_t {
          return error ? 0 : total - written;
        },
        kAwait);
    disarm();
    co_return !ec && !timed_out_;
  }

  // Deadlines are lazy. One timer per session, allowed to wake early but never late: setting a
  // deadline later than the pending wake-up only records it, and the wake-up re-arms for what is
  // current. A keep-alive connection's head -> write -> head cycle then touches the timer about
  // once per header timeout instead of arming and cancelling it twice per request, which was the
  // largest cost of a /healthz after the kernel's. Disarming only clears the deadline.

  // The head deadline. While no byte of the request has arrived the connection is idle and may
  // wait up to the idle timeout; from the first byte on, the whole head must arrive within the
  // header timeout. The parser cannot report when its first byte came, so the timer looks at
  // least every header-timeout period: a head may get up to twice the header timeout, never
  // unbounded.
  void arm_head(steady_clock::time_point idle_since) {
    const auto& l = server_.limits();
    if (head_started_) {
      arm_until(idle_since + l.header_timeout, idle_since + l.header_timeout);
    } else {
      arm_until(idle_since + l.idle_timeout,
                idle_since + std::min(l.header_timeout, l.idle_timeout));
    }
  }

  void arm(milliseconds after) {
    const auto at = steady_clock::now() + after;
    arm_until(at, at);
  }

  // The current phase ends at `deadline`; the timer must look again by `look_by` (<= deadline).
  void arm_until(steady_clock::time_point deadline, steady_clock::time_point look_by) {
    timed_out_ = false;
    deadline_ = deadline;
    if (!wake_pending_ || wake_at_ > look_by) wake(look_by);
  }

  void disarm() { deadline_ = steady_clock::time_point::max(); }

  // A generation counter makes a wait that was replaced (or that raced with a re-arm) a no-op.
  void wake(steady_clock::time_point at) {
    wake_pending_ = true;
    wake_at_ = at;
    const auto generation = ++wake_generation_;
    timer_.expires_at(at);
    timer_.async_wait([self = this->shared_from_this(), generation](boost::system::error_code ec) {
      if (self->wake_generation_ != generation) return;
      self->wake_pending_ = false;
      if (!ec) self->on_wake();
    });
  }

  void on_wake() {
    const auto now = steady_clock::now();
    auto look_by = deadline_;
    if (head_parser_ != nullptr) {
      const auto& l = server_.limits();
      const bool bytes_seen = head_parser_->got_some();
      if (bytes_seen && !head_started_) {
        head_started_ = true;  // the first byte came: one full header timeout from now
        deadline_ = look_by = now + l.header_timeout;
      } else if (!bytes_seen) {
        look_by = std::min(deadline_, now + l.header_timeout);
      }
    }
    if (deadline_ == steady_clock::time_point::max()) return;  // disarmed: sleep until armed
    if (now >= deadline_) {
      timed_out_ = true;
      cancel_io();
      return;
    }
    wake(look_by);
  }

  void cancel_io() {
    boost::system::error_code ignored;
    socket().cancel(ignored);
  }

  std::string endpoint_text() {
    boost::system::error_code ec;
    const auto ep = socket().remote_endpoint(ec);
    return ec ? std::string("unknown") : ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  std::shared_ptr<asio::ssl::context> tls_;
  Server& server_;
  std::size_t worker_;
  Stream stream_;
  RequestHandler& handler_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::string head_;  // the response head being written, its capacity kept across requests
  Phase phase_ = Phase::head;
  const Parser* head_parser_ = nullptr;
  bool head_started_ = false;
  steady_clock::time_point deadline_ = steady_clock::time_point::max();
  steady_clock::time_point wake_at_{};
  bool wake_pending_ = false;
  std::uint64_t wake_generation_ = 0;
  bool timed_out_ = false;
  bool draining_ = false;
  Peer peer_;
};

}  // namespace

void start_session(Server& server, std::size_t worker, tcp::socket socket, RequestHandler& handler,
                   std::shared_ptr<asio::ssl::context> tls, const asio::ip::address& peer) {
  if (tls != nullptr) {
    TlsStream stream(std::move(socket), *tls);
    std::make_shared<BeastSession<TlsStream>>(std::move(tls), server, worker, std::move(stream),
                                              handler, peer)
        ->start();
  } else {
    std::make_shared<BeastSession<tcp::socket>>(nullptr, server, worker, std::move(socket), handler,
                                                peer)
        ->start();
  }
}

}  // namespace cartgate::http
