// The per-connection coroutine: idle wait -> head -> body -> handler -> response, repeated for
// keep-alive and pipelined requests. Every read and write runs under a deadline; a client that
// is too slow or sends too much gets a problem response and is disconnected, and nothing it
// does can block the worker's other connections.
#include "http/session.hpp"

#include <chrono>
#include <memory>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <cartgate/sdk/crypto.hpp>

#include "http/problem.hpp"
#include "http/request_handler.hpp"
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

bool is_request_id(std::string_view v) {
  if (v.empty() || v.size() > 128) return false;
  for (char c : v) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string new_request_id() {
  return sdk::hex_encode(sdk::random_bytes(12));
}

class BeastSession final : public Session, public std::enable_shared_from_this<BeastSession> {
 public:
  BeastSession(Server& server, std::size_t worker, tcp::socket socket, RequestHandler& handler)
      : server_(server),
        worker_(worker),
        socket_(std::move(socket)),
        handler_(handler),
        timer_(socket_.get_executor()) {}

  void start() {
    server_.session_started(worker_, shared_from_this());
    asio::co_spawn(socket_.get_executor(), run(shared_from_this()), asio::detached);
  }

  void begin_drain() override {
    draining_ = true;
    if (phase_ == Phase::idle) cancel_io();
  }

 private:
  enum class Phase { idle, head, body, handling, writing };

  // `self` keeps the session alive for as long as the coroutine runs.
  asio::awaitable<void> run([[maybe_unused]] std::shared_ptr<BeastSession> self) {
    const auto& limits = server_.limits();
    boost::system::error_code ec;
    socket_.set_option(tcp::no_delay(true), ec);
    remote_ = endpoint_text();

    for (;;) {
      // Between requests: wait for the next one's first byte (none yet if nothing is buffered
      // from a pipelined batch). Idle connections are closed quietly on timeout or drain.
      if (buffer_.size() == 0) {
        phase_ = Phase::idle;
        if (draining_ || server_.draining()) break;
        arm(limits.idle_timeout);
        auto [wait_ec] = co_await socket_.async_wait(tcp::socket::wait_read, kAwait);
        disarm();
        if (wait_ec || timed_out_ || draining_) break;
      }

      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
      parser.body_limit(limits.max_body_bytes);
      const auto started = steady_clock::now();

      phase_ = Phase::head;
      arm(limits.header_timeout);
      auto [head_ec, head_n] = co_await bhttp::async_read_header(socket_, buffer_, parser, kAwait);
      disarm();
      if (timed_out_) {
        co_await reject(request_timeout("The request head did not arrive in time."));
        break;
      }
      if (head_ec == bhttp::error::end_of_stream || head_ec == asio::error::eof ||
          head_ec == asio::error::connection_reset || head_ec == asio::error::operation_aborted) {
        break;  // the client went away (or drain cancelled a read that had not started)
      }
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
          auto [cont_ec, cont_n] = co_await bhttp::async_write(socket_, cont, kAwait);
          disarm();
          if (cont_ec || timed_out_) break;
        }
        phase_ = Phase::body;
        arm(limits.body_timeout);
        auto [body_ec, body_n] = co_await bhttp::async_read(socket_, buffer_, parser, kAwait);
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
          if (body_ec != bhttp::error::end_of_stream && body_ec != asio::error::eof) {
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
      if (!to_request(message, request)) {
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
                            {"remote", remote_},
                            {"duration_us", std::chrono::duration_cast<std::chrono::microseconds>(
                                                steady_clock::now() - started)
                                                .count()}});
      if (!written || !keep_alive) break;
    }

    disarm();
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    socket_.close(ec);
    server_.session_ended(worker_, this);
    co_return;
  }

  bool to_request(bhttp::request<bhttp::string_body>& m, Request& out) {
    const auto id = m["X-Request-Id"];
    out.request_id = is_request_id(id) ? std::string(id) : new_request_id();
    out.method = std::string(m.method_string());
    out.remote_address = remote_;
    for (const auto& field : m) {
      out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    out.body = std::move(m.body());
    auto target = boost::urls::parse_origin_form(m.target());
    if (!target) return false;
    out.path = target->path();
    out.query = target->encoded_query();
    return true;
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
              {{"request_id", id}, {"status", p.status}, {"code", p.code}, {"remote", remote_}});
  }

  asio::awaitable<bool> write(Response& r, unsigned version, bool keep_alive,
                              const std::string& request_id) {
    phase_ = Phase::writing;
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
    for (auto& h : r.headers)
      res.set(h.name, h.value);
    if (!request_id.empty()) res.set("X-Request-Id", request_id);
    res.body() = std::move(r.body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    arm(server_.limits().write_timeout);
    auto [ec, n] = co_await bhttp::async_write(socket_, res, kAwait);
    disarm();
    co_return !ec && !timed_out_;
  }

  // Deadlines: a generation counter makes a timer completion that raced with disarm() a no-op.
  void arm(milliseconds after) {
    timed_out_ = false;
    const auto generation = ++generation_;
    timer_.expires_after(after);
    timer_.async_wait([self = shared_from_this(), generation](boost::system::error_code ec) {
      if (ec || self->generation_ != generation) return;
      self->timed_out_ = true;
      self->cancel_io();
    });
  }

  void disarm() {
    ++generation_;
    timer_.cancel();
  }

  void cancel_io() {
    boost::system::error_code ignored;
    socket_.cancel(ignored);
  }

  std::string endpoint_text() {
    boost::system::error_code ec;
    const auto ep = socket_.remote_endpoint(ec);
    return ec ? std::string("unknown") : ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  Server& server_;
  std::size_t worker_;
  tcp::socket socket_;
  RequestHandler& handler_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  Phase phase_ = Phase::idle;
  std::uint64_t generation_ = 0;
  bool timed_out_ = false;
  bool draining_ = false;
  std::string remote_;
};

}  // namespace

void start_session(Server& server, std::size_t worker, tcp::socket socket,
                   RequestHandler& handler) {
  std::make_shared<BeastSession>(server, worker, std::move(socket), handler)->start();
}

}  // namespace cartgate::http
