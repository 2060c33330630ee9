#pragma once
// Fan-out on one io thread: runs body(i) for i in [0, n) as concurrent coroutines on the
// caller's executor and resumes the caller once all have finished. The first exception a body
// lets escape is rethrown after every body has ended (none is left running on a dead frame).

#include <chrono>
#include <cstddef>
#include <exception>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace cartgate::util {

template <class Body>
boost::asio::awaitable<void> for_each_concurrently(std::size_t n, Body body) {
  namespace asio = boost::asio;
  if (n == 1) {
    co_await body(0);  // nothing to overlap with
    co_return;
  }
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer all_done(executor, std::chrono::steady_clock::time_point::max());
  std::size_t pending = n;
  std::exception_ptr first_error;
  for (std::size_t i = 0; i < n; ++i) {
    asio::co_spawn(executor, body(i), [&](const std::exception_ptr& e) {
      if (e && !first_error) first_error = e;
      if (--pending == 0) all_done.cancel();
    });
  }
  // `pending` is counted down by the completion handlers while this coroutine waits.
  while (pending > 0) {  // NOLINT(bugprone-infinite-loop)
    auto [ec] = co_await all_done.async_wait(asio::as_tuple(asio::use_awaitable));
    (void)ec;
  }
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace cartgate::util
