#include "router.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "control/change_events.hpp"
#include "platforms/bigcommerce/bc_api.hpp"
#include "platforms/magento/mage_api.hpp"
#include "platforms/shopify/shop_api.hpp"
#include "platforms/shopify/shop_writes.hpp"
#include "platforms/woocommerce/woo_api.hpp"
#include "platforms/woocommerce/woo_reply.hpp"
#include "util/wall_clock.hpp"

namespace sandbox {

using cartgate::http::Request;
using cartgate::http::Response;

namespace {

Response not_found() {
  return Response::json(404, R"({"code":"rest_no_route","message":"No store at this address."})");
}

// Injected latency, before the request is carried out or, for a write (`after`), once it has
// been: a write that commits and answers late. Waits without holding the store, so other
// requests go on.
boost::asio::awaitable<void> slow_down(Store& store, const Request* after = nullptr) {
  if (after != nullptr && (after->method == "GET" || after->method == "HEAD")) co_return;
  std::int64_t ms = 0;
  {
    std::lock_guard lock(store.mutex);
    ms = after != nullptr ? store.api_faults.late_answer_ms : store.api_faults.slow_ms;
  }
  if (ms <= 0) co_return;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor,
                                  std::chrono::milliseconds(ms));
  co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
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
  const auto now = std::chrono::floor<std::chrono::seconds>(cartgate::util::wall_now());

  // BigCommerce: https://api.bigcommerce.com/stores/<hash>/v2|v3/...
  if (first == "stores" && !rest.empty()) {
    std::vector<std::string> parts;
    for (std::size_t pos = 1; pos <= rest.size();) {
      const auto next = rest.find('/', pos);
      const auto part = rest.substr(pos, next == std::string_view::npos ? next : next - pos);
      if (!part.empty()) parts.emplace_back(part);
      if (next == std::string_view::npos) break;
      pos = next + 1;
    }
    Store* store = parts.empty() ? nullptr : world_.find(Platform::bigcommerce, parts[0]);
    if (store == nullptr) co_return not_found();
    ApiVerdict verdict;
    {
      std::lock_guard lock(store->mutex);
      verdict = judge(store->api_faults, std::chrono::steady_clock::now());
    }
    co_await slow_down(*store);
    parts.erase(parts.begin());
    Response answer;
    {
      std::lock_guard lock(store->mutex);
      answer = bc::handle(*store, request, parts, tls_ ? urls_.https : urls_.http, dispatcher_,
                          verdict, now);
    }
    co_await slow_down(*store, &request);
    co_return answer;
  }

  // Shopify: https://<shop>.myshopify.com/admin/api/... (Host), or /<shop>/admin/api/... .
  Store* shop = nullptr;
  std::string_view shop_route = rest;
  if (auto host = request.header("Host");
      host && host->find(".myshopify.com") != std::string_view::npos) {
    shop = world_.find(Platform::shopify, host->substr(0, host->find(".myshopify.com")));
    shop_route = path;
  } else {
    shop = world_.find(Platform::shopify, first);
  }
  if (shop != nullptr) {
    ApiVerdict verdict;
    {
      std::lock_guard lock(shop->mutex);
      verdict = judge(shop->api_faults, std::chrono::steady_clock::now());
    }
    co_await slow_down(*shop);
    Response answer;
    {
      std::lock_guard lock(shop->mutex);
      answer = shop::handle(*shop, request, shop_route, dispatcher_, verdict, now);
    }
    if (shop::is_mutation(request)) co_await slow_down(*shop, &request);
    co_return answer;
  }

  if (Store* store = world_.find(Platform::magento, first)) {
    ApiVerdict verdict;
    {
      std::lock_guard lock(store->mutex);
      verdict = judge(store->api_faults, std::chrono::steady_clock::now());
    }
    co_await slow_down(*store);
    if (verdict.kind == ApiVerdict::Kind::throttled) {  // a host limit: Magento has none for reads
      Response r = Response::json(429, R"({"message":"Too Many Requests","trace":null})");
      r.headers.push_back({"Retry-After", std::to_string((verdict.retry_after_ms + 999) / 1000)});
      co_return r;
    }
    if (verdict.kind == ApiVerdict::Kind::error) {
      co_return Response::json(
          verdict.status,
          R"({"message":"Internal Error. Details are available in Magento log file. Report ID: webapi-1"})");
    }
    // OAuth signs the URL the client called: scheme, Host header, path.
    const std::string url = std::string(tls_ ? "https://" : "http://") +
                            std::string(request.header("Host").value_or("127.0.0.1")) +
                            request.path;
    Response answer;
    {
      std::lock_guard lock(store->mutex);
      answer = mage::handle(*store, request, rest, url, now);
    }
    co_await slow_down(*store, &request);
    co_return answer;
  }

  if (Store* store = world_.find(Platform::woocommerce, first)) {
    ApiVerdict verdict;
    bool strips_authorization = false, tls_offloaded = false;
    {
      std::lock_guard lock(store->mutex);
      verdict = judge(store->api_faults, std::chrono::steady_clock::now());
      const auto flag = [&](const char* name) {
        auto it = store->settings.find(name);
        return it != store->settings.end() && it->second == "true";
      };
      strips_authorization = flag("host_strips_authorization");
      tls_offloaded = flag("tls_offloaded");
    }
    // The hosting in front of WordPress. A proxy that terminates TLS leaves is_ssl() false (so
    // WooCommerce takes neither Basic nor query-string keys) under an https home URL; many
    // CGI/FastCGI hosts drop the Authorization header before PHP sees it.
    const std::string home = (tls_ || tls_offloaded ? urls_.https : urls_.http) + "/" + store->id;
    const bool site_sees_tls = tls_ && !tls_offloaded;
    Request as_seen;
    if (strips_authorization) {
      as_seen = request;
      std::erase_if(as_seen.headers, [](const cartgate::HttpHeader& h) {
        return h.name.size() == 13 &&
               std::equal(h.name.begin(), h.name.end(), "authorization", [](char a, char b) {
                 return std::tolower(static_cast<unsigned char>(a)) == b;
               });
      });
    }
    co_await slow_down(*store);
    // WooCommerce has no limit of its own; hosts and WAFs answer 429 with Retry-After.
    if (verdict.kind == ApiVerdict::Kind::throttled) {
      Response r = woo::wp_error(429, "too_many_requests", "Too many requests, slow down.");
      r.headers.push_back({"Retry-After", std::to_string((verdict.retry_after_ms + 999) / 1000)});
      co_return r;
    }
    if (verdict.kind == ApiVerdict::Kind::error) {
      co_return woo::wp_error(verdict.status, "internal_server_error",
                              "There has been a critical error on this website.");
    }
    woo::WebhookRoute out;
    {
      std::lock_guard lock(store->mutex);
      out = woo::handle(*store, strips_authorization ? as_seen : request, rest, site_sees_tls, home,
                        now);
      if (out.updated_order || out.updated_product || out.updated_customer ||
          out.created_customer) {
        ChangeContext changed{*store, dispatcher_, urls_.http + "/" + store->id, now};
        if (out.updated_order) entity_changed(changed, "order", "updated", *out.updated_order);
        if (out.updated_product) {
          entity_changed(changed, "product", "updated", *out.updated_product);
        }
        if (out.updated_customer) {
          entity_changed(changed, "customer", "updated", *out.updated_customer);
        }
        if (out.created_customer) {
          entity_changed(changed, "customer", "created", *out.created_customer);
        }
      }
    }
    if (out.ping) {
      // WooCommerce pings a new webhook inside the creating request, before it answers.
      co_await dispatcher_.send_now(*out.ping, std::chrono::seconds(60), store->id, "ping");
    }
    co_await slow_down(*store, &request);
    co_return out.response;
  }
  co_return not_found();
}

}  // namespace sandbox
