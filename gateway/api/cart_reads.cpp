#include "api/cart_reads.hpp"

#include <algorithm>

#include "events/cart_index.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;

bool lists_carts_from_index(const Manifest& m) {
  const EntityCapability* cart = capability_for(m, Entity::cart);
  const bool lists = cart != nullptr && std::find(cart->verbs.begin(), cart->verbs.end(),
                                                  ReadVerb::list) != cart->verbs.end();
  const bool pushed = std::any_of(m.events.begin(), m.events.end(), [](const EventCapability& e) {
    return (e.type == EventType::cart_add || e.type == EventType::cart_update) &&
           e.delivery == EventDelivery::webhook;
  });
  return !lists && pushed;
}

asio::awaitable<std::variant<json::value, http::Problem>> list_indexed_carts(CallContext& c,
                                                                             const StoreTarget& t,
                                                                             const ReadQuery& q) {
  if (t.record.status != "active") {
    co_return http::Problem{409, "store_disabled", "Store disabled",
                            "Store '" + t.record.id + "' is disabled."};
  }
  for (const auto& [name, value] : q.filters) {
    if (name != "abandoned") {
      co_return http::Problem{422, "unsupported_filter", "Filter not supported by the platform",
                              "Carts indexed from " + t.connector->manifest().display_name +
                                  " webhooks can be filtered by 'abandoned' only, not by '" + name +
                                  "'."};
    }
  }
  events::CartIndex index(c.services.redis, c.services.keys, c.services.config.events);
  auto page = co_await index.page(c.tenant, t.record.id, q);
  if (!page) co_return storage_unavailable(c, page.error());
  co_return std::move(*page);
}

asio::awaitable<std::optional<json::value>> indexed_cart(CallContext& c, const StoreTarget& t,
                                                         const std::string& cart_id) {
  events::CartIndex index(c.services.redis, c.services.keys, c.services.config.events);
  auto known = co_await index.get(c.tenant, t.record.id, cart_id);
  if (!known || !*known) co_return std::nullopt;
  co_return json::value(json::object{{"item", std::move(**known)}});
}

}  // namespace cartgate::api
