#include "router.hpp"

#include <mutex>

#include "platforms/woocommerce/woo_api.hpp"

namespace sandbox {

using cartgate::http::Request;
using cartgate::http::Response;

namespace {

Response not_found() {
  return Response::json(404, R"({"code":"rest_no_route","message":"No store at this address."})");
}

}  // namespace

boost::asio::awaitable<Response> Router::handle(Request& request) {
  const std::string_view path = request.path;
  if (path.size() < 2 || path[0] != '/') co_return not_found();
  const auto slash = path.find('/', 1);
  const std::string_view first =
      path.substr(1, slash == std::string_view::npos ? path.npos : slash - 1);
  const std::string_view rest =
      slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  const auto now = std::chrono::floor<std::chrono::seconds>(Clock::now());

  if (Store* store = world_.find(Platform::woocommerce, first)) {
    const std::string home = (tls_ ? urls_.https : urls_.http) + "/" + store->id;
    woo::WebhookRoute out;
    {
      std::lock_guard lock(store->mutex);
      out = woo::handle(*store, request, rest, tls_, home, now);
    }
    if (out.ping) {
      // WooCommerce pings a new webhook inside the creating request, before it answers.
      co_await dispatcher_.send_now(*out.ping, std::chrono::seconds(60), store->id, "ping");
    }
    co_return out.response;
  }
  co_return not_found();
}

}  // namespace sandbox
