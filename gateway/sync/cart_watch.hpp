#pragma once
// The abandonment check: carts scheduled by CartTracker (at their last change plus
// events.abandon_after) are claimed when due, one process per cart, and re-read from the
// platform through the enrichment lane:
//  - changed since: the change is recorded like a poll (and reschedules the cart);
//  - bought since: recorded, which the tracker announces as cart.converted;
//  - otherwise: cart.abandoned, once for this version of the cart (its id is derived from the
//    cart and its version, so a second check of the same version finds a duplicate).
// A check that fails (platform down, rate limited) is retried a minute later.

#include <atomic>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "ingest/event_source_deps.hpp"
#include "redis/script.hpp"

namespace cartgate::sync {

const redis::Script& cart_idle_script();

class CartWatch {
 public:
  explicit CartWatch(ingest::EventSourceDeps deps) : deps_(deps) {}

  boost::asio::awaitable<void> run(const std::atomic<bool>& stopping);

 private:
  // Claims due carts and starts their checks (each guards itself).
  boost::asio::awaitable<void> start_due(boost::asio::any_io_executor executor);
  enum class Outcome { done, retry };
  boost::asio::awaitable<void> check_member(std::string member, std::string claim);
  boost::asio::awaitable<Outcome> check(const std::string& tenant, const std::string& store_id,
                                        const std::string& cart_id);

  ingest::EventSourceDeps deps_;
  int running_ = 0;
};

}  // namespace cartgate::sync
