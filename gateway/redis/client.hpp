#pragma once
// An asynchronous Redis client: one hiredis connection driven by the Asio executor of one
// gateway worker thread. Commands from concurrent coroutines are pipelined on the connection
// (hiredis writes them back to back and matches replies in order). It reconnects with
// jittered exponential backoff, fails fast while disconnected, and resets a connection whose
// oldest command has waited longer than the command timeout.
//
// Not thread-safe: create and use a client on one executor (one per io_context thread).

#include <chrono>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "redis/endpoint.hpp"
#include "redis/reply.hpp"
#include "redis/script.hpp"

struct redisAsyncContext;

namespace cartgate::redis {

struct ClientOptions {
  Endpoint endpoint;
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{2000};
  std::chrono::milliseconds backoff_initial{50};
  std::chrono::milliseconds backoff_max{5000};
};

class Client : public std::enable_shared_from_this<Client> {
 public:
  /// `scripts` are loaded on every connect; they must outlive the client.
  static std::shared_ptr<Client> create(boost::asio::any_io_executor executor,
                                        ClientOptions options,
                                        std::vector<const Script*> scripts = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void start();  // begins connecting; reconnects until stop()
  void stop();   // closes the connection and fails what is pending
  bool connected() const { return state_ == State::connected; }

  /// One command. A Redis error reply is a successful Result whose Reply is_error();
  /// transport failures (not connected, lost, timed out) are error codes.
  /// Arguments are anything convertible to std::string_view: command("HGET", key, field).
  /// (Variadic rather than an initializer_list: GCC 12 miscompiles braced lists inside
  /// co_await expressions.)
  template <class... Args>
  boost::asio::awaitable<Result> command(const Args&... args) {
    return command_argv(std::vector<std::string>{std::string(std::string_view(args))...});
  }
  boost::asio::awaitable<Result> command_argv(std::vector<std::string> args);

  /// Several commands written back to back; replies in the same order.
  boost::asio::awaitable<std::vector<Result>> pipeline(
      std::vector<std::vector<std::string>> commands);

  /// EVALSHA, loading the script and retrying once when Redis answers NOSCRIPT.
  boost::asio::awaitable<Result> eval(const Script& script, std::span<const std::string> keys,
                                      std::span<const std::string> args);

  /// True once connected, false if `timeout` passes first.
  boost::asio::awaitable<bool> wait_connected(std::chrono::milliseconds timeout);

 private:
  enum class State { idle, resolving, connecting, connected, backoff, stopped };
  using Callback = boost::asio::any_completion_handler<void(Result)>;

  Client(boost::asio::any_io_executor executor, ClientOptions options,
         std::vector<const Script*> scripts);

  void connect();
  void open(const std::string& address);
  void on_connected(int status);
  void on_disconnected();
  void teardown(errc reason);
  void schedule_reconnect();
  void issue(std::span<const std::string_view> args, Callback callback);
  void arm_watchdog();
  static void on_reply(redisAsyncContext* ac, void* reply, void* privdata);

  boost::asio::any_io_executor executor_;
  ClientOptions options_;
  std::vector<const Script*> scripts_;
  State state_ = State::idle;
  redisAsyncContext* ctx_ = nullptr;
  int attempt_ = 0;
  std::deque<std::chrono::steady_clock::time_point> issued_;  // send times of pending commands
  boost::asio::steady_timer reconnect_timer_;
  boost::asio::steady_timer connect_timer_;
  boost::asio::steady_timer watchdog_;
  bool watchdog_armed_ = false;
};

}  // namespace cartgate::redis
