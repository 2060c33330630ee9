#include "redis/client.hpp"

#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include "log/logger.hpp"
#include "redis/asio_adapter.hpp"

namespace cartgate::redis {

namespace asio = boost::asio;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

namespace {

// What hiredis' privdata points to for one command.
struct Pending {
  asio::any_completion_handler<void(Result)> callback;
  asio::any_io_executor executor;
};

Reply convert(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = Reply::Type::string;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = Reply::Type::status;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = Reply::Type::error;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = Reply::Type::integer;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::array;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i)
        out.elements.push_back(convert(r->element[i]));
      break;
    default:
      out.type = Reply::Type::nil;
      break;
  }
  return out;
}

// Why the connection being torn down right now failed its pending commands. Set only for the
// duration of redisAsyncFree() in teardown(), which runs the callbacks synchronously on this
// thread after the context no longer points at its client.
thread_local errc t_teardown_reason = errc::connection_lost;

// Completes `callback` later on `executor`, never inside a hiredis callback.
void complete(const asio::any_io_executor& executor,
              asio::any_completion_handler<void(Result)> callback, Result result) {
  asio::post(executor, [cb = std::move(callback), r = std::move(result)]() mutable {
    std::move(cb)(std::move(r));
  });
}

// Collects the replies of one pipeline() call.
struct Gather {
  // Built straight from the caller's handler: Boost 1.81's any_completion_handler must not be
  // move-assigned (it re-wraps itself and recurses).
  template <class Handler>
  Gather(std::size_t n, Handler&& h)
      : results(n, Result(errc::connection_lost)), remaining(n), done(std::forward<Handler>(h)) {}
  std::vector<Result> results;
  std::size_t remaining;
  asio::any_completion_handler<void(std::vector<Result>)> done;
};

}  // namespace

std::shared_ptr<Client> Client::create(asio::any_io_executor executor, ClientOptions options,
                                       std::vector<const Script*> scripts) {
  return std::shared_ptr<Client>(
      new Client(std::move(executor), std::move(options), std::move(scripts)));
}

Client::Client(asio::any_io_executor executor, ClientOptions options,
               std::vector<const Script*> scripts)
    : executor_(std::move(executor)),
      options_(std::move(options)),
      scripts_(std::move(scripts)),
      reconnect_timer_(executor_),
      connect_timer_(executor_),
      watchdog_(executor_) {}

Client::~Client() {
  state_ = State::stopped;
  teardown(errc::connection_lost);
}

void Client::start() {
  if (state_ != State::idle) return;
  connect();
}

void Client::stop() {
  state_ = State::stopped;
  reconnect_timer_.cancel();
  connect_timer_.cancel();
  watchdog_.cancel();
  teardown(errc::connection_lost);
}

void Client::connect() {
  if (state_ == State::stopped) return;
  const Endpoint& ep = options_.endpoint;
  if (!ep.unix_path.empty()) {
    open({});
    return;
  }
  boost::system::error_code ec;
  asio::ip::make_address(ep.host, ec);
  if (!ec) {
    open(ep.host);
    return;
  }
  // hiredis would resolve names with a blocking getaddrinfo(); resolve asynchronously instead.
  state_ = State::resolving;
  auto resolver = std::make_shared<asio::ip::tcp::resolver>(executor_);
  resolver->async_resolve(
      ep.host, std::to_string(ep.port),
      [weak = weak_from_this(), resolver](boost::system::error_code rec,
                                          const asio::ip::tcp::resolver::results_type& results) {
        auto self = weak.lock();
        if (!self || self->state_ != State::resolving) return;
        if (rec || results.empty()) {
          log::warn("redis: cannot resolve host",
                    {{"endpoint", self->options_.endpoint.describe()}, {"error", rec.message()}});
          self->schedule_reconnect();
          return;
        }
        self->open(results.begin()->endpoint().address().to_string());
      });
}

void Client::open(const std::string& address) {
  const Endpoint& ep = options_.endpoint;
  redisAsyncContext* ac = ep.unix_path.empty() ? redisAsyncConnect(address.c_str(), ep.port)
                                               : redisAsyncConnectUnix(ep.unix_path.c_str());
  if (ac == nullptr || ac->err) {
    log::warn("redis: connect failed",
              {{"endpoint", ep.describe()}, {"error", ac ? ac->errstr : "out of memory"}});
    if (ac) redisAsyncFree(ac);
    schedule_reconnect();
    return;
  }
  ctx_ = ac;
  ac->data = this;
  state_ = State::connecting;
  attach_asio(ac, executor_);
  redisAsyncSetConnectCallback(ac, [](const redisAsyncContext* c, int status) {
    if (c->data) static_cast<Client*>(c->data)->on_connected(status);
  });
  redisAsyncSetDisconnectCallback(ac, [](const redisAsyncContext* c, int) {
    if (c->data) static_cast<Client*>(c->data)->on_disconnected();
  });

  // Session set-up goes first in the pipeline, ahead of anything callers queue meanwhile.
  const auto on_setup = [weak = weak_from_this()](const char* what) {
    return [weak, what](Result r) {
      auto self = weak.lock();
      if (!self || (r && !r->is_error())) return;
      log::error("redis: session set-up failed",
                 {{"step", what}, {"error", r ? r->str : r.error().message()}});
      self->teardown(errc::connection_lost);
      self->schedule_reconnect();
    };
  };
  if (!ep.password.empty()) {
    if (ep.username.empty()) {
      const std::string_view args[] = {"AUTH", ep.password};
      issue(args, on_setup("AUTH"));
    } else {
      const std::string_view args[] = {"AUTH", ep.username, ep.password};
      issue(args, on_setup("AUTH"));
    }
  }
  if (ep.db != 0) {
    const std::string db = std::to_string(ep.db);
    const std::string_view args[] = {"SELECT", db};
    issue(args, on_setup("SELECT"));
  }
  for (const Script* script : scripts_) {
    const std::string_view args[] = {"SCRIPT", "LOAD", script->source()};
    issue(args, on_setup("SCRIPT LOAD"));
  }

  connect_timer_.expires_after(options_.connect_timeout);
  connect_timer_.async_wait([weak = weak_from_this(), ac](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->ctx_ != ac || self->state_ != State::connecting) return;
    log::warn("redis: connect timed out", {{"endpoint", self->options_.endpoint.describe()}});
    self->teardown(errc::timeout);
    self->schedule_reconnect();
  });
}

void Client::on_connected(int status) {
  connect_timer_.cancel();
  if (status != REDIS_OK) {
    // hiredis frees the context right after this callback returns.
    log::warn("redis: connect failed", {{"endpoint", options_.endpoint.describe()},
                                        {"error", ctx_ && ctx_->errstr ? ctx_->errstr : ""}});
    ctx_ = nullptr;
    issued_.clear();
    schedule_reconnect();
    return;
  }
  if (attempt_ > 0) log::info("redis: reconnected", {{"endpoint", options_.endpoint.describe()}});
  state_ = State::connected;
  attempt_ = 0;
}

void Client::on_disconnected() {
  // hiredis frees the context right after this callback returns.
  ctx_ = nullptr;
  issued_.clear();
  if (state_ == State::stopped) return;
  log::warn("redis: connection lost", {{"endpoint", options_.endpoint.describe()}});
  schedule_reconnect();
}

void Client::teardown(errc reason) {
  redisAsyncContext* ac = ctx_;
  if (ac == nullptr) return;
  ctx_ = nullptr;
  issued_.clear();
  ac->data = nullptr;  // no connect/disconnect callbacks for a teardown we started
  t_teardown_reason = reason;
  redisAsyncFree(ac);  // fails every pending command (reply == nullptr)
  t_teardown_reason = errc::connection_lost;
}

void Client::schedule_reconnect() {
  if (state_ == State::stopped) return;
  state_ = State::backoff;
  // Full jitter: spreads reconnects of many workers after a Redis restart.
  const auto cap = std::min<long long>(options_.backoff_max.count(),
                                       options_.backoff_initial.count() << std::min(attempt_, 16));
  ++attempt_;
  static thread_local std::minstd_rand rng{std::random_device{}()};
  const milliseconds delay{std::uniform_int_distribution<long long>(cap / 2, cap)(rng)};
  reconnect_timer_.expires_after(delay);
  reconnect_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->state_ != State::backoff) return;
    self->connect();
  });
}

void Client::issue(std::span<const std::string_view> args, Callback callback) {
  if (ctx_ == nullptr) {
    complete(executor_, std::move(callback), errc::not_connected);
    return;
  }
  std::vector<const char*> argv;
  std::vector<std::size_t> argvlen;
  argv.reserve(args.size());
  argvlen.reserve(args.size());
  for (auto a : args) {
    argv.push_back(a.data());
    argvlen.push_back(a.size());
  }
  auto* pending = new Pending{std::move(callback), executor_};
  if (redisAsyncCommandArgv(ctx_, &Client::on_reply, pending, static_cast<int>(argv.size()),
                            argv.data(), argvlen.data()) != REDIS_OK) {
    complete(executor_, std::move(pending->callback), errc::connection_lost);
    delete pending;
    return;
  }
  issued_.push_back(steady_clock::now());
  arm_watchdog();
}

void Client::on_reply(redisAsyncContext* ac, void* reply, void* privdata) {
  std::unique_ptr<Pending> pending(static_cast<Pending*>(privdata));
  auto* self = static_cast<Client*>(ac->data);
  Result result = errc::connection_lost;
  if (reply != nullptr) {
    result = convert(static_cast<const redisReply*>(reply));
    if (self && !self->issued_.empty()) self->issued_.pop_front();
  } else if (self == nullptr) {
    result = t_teardown_reason;  // a teardown we started
  }
  complete(pending->executor, std::move(pending->callback), std::move(result));
}

void Client::arm_watchdog() {
  if (watchdog_armed_ || issued_.empty()) return;
  watchdog_armed_ = true;
  watchdog_.expires_at(issued_.front() + options_.command_timeout);
  watchdog_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!self) return;
    self->watchdog_armed_ = false;
    if (ec || self->issued_.empty()) return;
    if (steady_clock::now() - self->issued_.front() >= self->options_.command_timeout) {
      log::warn("redis: command timed out, resetting connection",
                {{"endpoint", self->options_.endpoint.describe()}});
      self->teardown(errc::timeout);
      self->schedule_reconnect();
      return;
    }
    self->arm_watchdog();
  });
}

asio::awaitable<Result> Client::command_argv(std::vector<std::string> args) {
  const std::vector<std::string_view> views(args.begin(), args.end());
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(Result)>(
      [this, &views](auto handler) { issue(views, Callback(std::move(handler))); },
      asio::use_awaitable);
}

asio::awaitable<std::vector<Result>> Client::pipeline(
    std::vector<std::vector<std::string>> commands) {
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&,
                                          void(std::vector<Result>)>(
      [this, &commands](auto handler) {
        auto gather = std::make_shared<Gather>(commands.size(), std::move(handler));
        if (commands.empty()) {
          asio::post(executor_, [gather] { std::move(gather->done)(std::move(gather->results)); });
          return;
        }
        for (std::size_t i = 0; i < commands.size(); ++i) {
          const std::vector<std::string_view> views(commands[i].begin(), commands[i].end());
          issue(views, Callback([gather, i](Result&& r) {
                  gather->results[i] = std::move(r);
                  if (--gather->remaining == 0) {
                    std::move(gather->done)(std::move(gather->results));
                  }
                }));
        }
      },
      asio::use_awaitable);
}

asio::awaitable<Result> Client::eval(const Script& script, std::span<const std::string> keys,
                                     std::span<const std::string> args) {
  std::vector<std::string> cmd;
  cmd.reserve(3 + keys.size() + args.size());
  cmd.emplace_back("EVALSHA");
  cmd.push_back(script.sha1());
  cmd.push_back(std::to_string(keys.size()));
  cmd.insert(cmd.end(), keys.begin(), keys.end());
  cmd.insert(cmd.end(), args.begin(), args.end());
  Result r = co_await command_argv(cmd);
  if (r && r->is_error() && r->str.starts_with("NOSCRIPT")) {
    Result loaded = co_await command("SCRIPT", "LOAD", script.source());
    if (!loaded) co_return loaded;
    r = co_await command_argv(cmd);
  }
  co_return r;
}

asio::awaitable<bool> Client::wait_connected(milliseconds timeout) {
  const auto deadline = steady_clock::now() + timeout;
  asio::steady_timer timer(executor_);
  while (!connected() && steady_clock::now() < deadline) {
    timer.expires_after(milliseconds(10));
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  co_return connected();
}

}  // namespace cartgate::redis
