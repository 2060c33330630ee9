#pragma once
// Sends each request to the store it addresses, in the way its platform addresses stores:
// WooCommerce and Magento by site path (/woo-1/wp-json/..., /mage-1/rest/V1/...).

#include <string>

#include "http/request_handler.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox {

struct PublicUrls {
  std::string http;     // http://127.0.0.1:<port>
  std::string https;    // https://localhost:<port>
  std::string control;  // http://127.0.0.1:<port>
};

class Router final : public cartgate::http::RequestHandler {
 public:
  Router(World& world, Dispatcher& dispatcher, const PublicUrls& urls, bool tls)
      : world_(world), dispatcher_(dispatcher), urls_(urls), tls_(tls) {}
  boost::asio::awaitable<cartgate::http::Response> handle(
      cartgate::http::Request& request) override;

 private:
  World& world_;
  Dispatcher& dispatcher_;
  const PublicUrls& urls_;
  bool tls_;
};

}  // namespace sandbox
