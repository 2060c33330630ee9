#pragma once
// Runs one coroutine to completion on an io_context and returns its result. (io.run() would
// not return: a Redis client keeps a read wait on its socket for as long as it is connected.)

#include <exception>
#include <optional>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace cartgate::test {

template <class T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  std::optional<T> out;
  std::exception_ptr error;
  bool done = false;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    if (!e) out = std::move(value);
    done = true;
  });
  io.restart();
  while (!done)
    io.run_one();
  if (error) std::rethrow_exception(error);
  return std::move(*out);
}

inline void run(boost::asio::io_context& io, boost::asio::awaitable<void> task) {
  run(io, [](boost::asio::awaitable<void> t) -> boost::asio::awaitable<bool> {
    co_await std::move(t);
    co_return true;
  }(std::move(task)));
}

}  // namespace cartgate::test
