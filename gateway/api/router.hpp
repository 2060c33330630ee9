#pragma once
// Routes /healthz, /readyz and /v1/<entity>.<verb>; authenticates and rate-limits /v1 calls,
// parses their parameters, and turns every outcome into JSON or problem+json.

#include "api/services.hpp"
#include "http/request_handler.hpp"

namespace cartgate::api {

class Router final : public http::RequestHandler {
 public:
  explicit Router(Services& services) : services_(services) {}
  boost::asio::awaitable<http::Response> handle(http::Request& request) override;

 private:
  boost::asio::awaitable<http::Response> handle_api(http::Request& request);
  boost::asio::awaitable<http::Response> readiness();
  Services& services_;
};

}  // namespace cartgate::api
