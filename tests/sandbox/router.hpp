#pragma once
// Sends each request to the store it addresses, in the way its platform addresses stores:
// WooCommerce and Magento by site path (/woo-1/wp-json/..., /mage-1/rest/V1/...).

#include <string>

#include "http/request_handler.hpp"
#include "model/store.hpp"

namespace sandbox {

struct PublicUrls {
  std::string http;   // http://127.0.0.1:<port>
  std::string https;  // https://localhost:<port>
};

class Router final : public cartgate::http::RequestHandler {
 public:
  Router(World& world, const PublicUrls& urls, bool tls) : world_(world), urls_(urls), tls_(tls) {}
  boost::asio::awaitable<cartgate::http::Response> handle(
      cartgate::http::Request& request) override;

 private:
  World& world_;
  const PublicUrls& urls_;
  bool tls_;
};

}  // namespace sandbox
