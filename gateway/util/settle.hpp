#pragma once
// The tail of a background worker's run on a graceful stop: the work it has started refers to
// the worker, and what it finishes need not be taken over by another process after a lease or
// claim runs out, so the run waits for it. The caller stops starting work first; the process
// bounds the whole wait (http.drain_timeout).

#include <chrono>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace cartgate::util {

template <class Idle>
boost::asio::awaitable<void> until_settled(Idle idle) {
  namespace asio = boost::asio;
  asio::steady_timer pause(co_await asio::this_coro::executor);
  while (!idle()) {
    pause.expires_after(std::chrono::milliseconds(20));
    co_await pause.async_wait(asio::use_awaitable);
  }
}

}  // namespace cartgate::util
