#pragma once
// The sandbox's control API (its own port, never part of an emulated platform): change store
// data as shoppers and merchants would, each change firing the platform's webhooks; inject
// faults; read the webhook delivery log. Documented in docs/sandbox.md.

#include "http/request_handler.hpp"
#include "model/store.hpp"
#include "router.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox {

class ControlApi final : public cartgate::http::RequestHandler {
 public:
  ControlApi(World& world, Dispatcher& dispatcher, const PublicUrls& urls)
      : world_(world), dispatcher_(dispatcher), urls_(urls) {}
  boost::asio::awaitable<cartgate::http::Response> handle(
      cartgate::http::Request& request) override;

 private:
  World& world_;
  Dispatcher& dispatcher_;
  const PublicUrls& urls_;
};

}  // namespace sandbox
