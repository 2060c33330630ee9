// Order updates as BigCommerce's v2 Orders API takes them. Sources:
//  - bigcommerce/docs reference/orders.v2.oas2.yml, updateOrder and the order_Put schema: the
//    writable fields (status_id an integer, staff_notes a string), the answer is the order;
//  - the same file's external_merchant_id note: a field that cannot be written is a 400
//    "... Please remove it from your request before trying again.";
//  - docs/integrations/webhooks/events/index.mdx, Orders: store/order/updated fires for any
//    change to an order, store/order/statusUpdated "only if the order status has changed";
//  - docs/start/about/status-codes.mdx: 403 when the app lacks the OAuth scope; the body is
//    the one tokens without the scope get (NangoHQ/nango#7026).
#include "platforms/bigcommerce/bc_writes.hpp"

#include <algorithm>
#include <array>

#include "control/change_events.hpp"
#include "control/order_transitions.hpp"
#include "platforms/bigcommerce/bc_render.hpp"
#include "platforms/bigcommerce/bc_reply.hpp"

namespace sandbox::bc {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

constexpr int kLastStatusId = 14;  // 0-14: GET /v2/order_statuses

// order_Put fields the sandbox does not model (money, addresses, line items, channels): taken
// by BigCommerce, refused here so a test cannot believe it changed them.
constexpr std::array<std::string_view, 42> kUnmodelled{"base_handling_cost",
                                                       "base_shipping_cost",
                                                       "base_wrapping_cost",
                                                       "billing_address",
                                                       "channel_id",
                                                       "consignments",
                                                       "customer_id",
                                                       "customer_locale",
                                                       "customer_message",
                                                       "date_created",
                                                       "default_currency_code",
                                                       "discount_amount",
                                                       "ebay_order_id",
                                                       "external_id",
                                                       "external_merchant_id",
                                                       "external_order_id",
                                                       "external_source",
                                                       "fees",
                                                       "geoip_country",
                                                       "geoip_country_iso2",
                                                       "handling_cost_ex_tax",
                                                       "handling_cost_inc_tax",
                                                       "ip_address",
                                                       "ip_address_v6",
                                                       "items_shipped",
                                                       "items_total",
                                                       "order_is_digital",
                                                       "order_source",
                                                       "payment_method",
                                                       "payment_provider_id",
                                                       "products",
                                                       "refunded_amount",
                                                       "shipping_addresses",
                                                       "shipping_cost_ex_tax",
                                                       "shipping_cost_inc_tax",
                                                       "subtotal_ex_tax",
                                                       "subtotal_inc_tax",
                                                       "tax_provider_id",
                                                       "total_ex_tax",
                                                       "total_inc_tax",
                                                       "wrapping_cost_ex_tax",
                                                       "wrapping_cost_inc_tax"};

}  // namespace

std::optional<Response> refused_by_scope(const Store& store, std::string_view method) {
  if (method == "GET" || method == "HEAD") return std::nullopt;
  const auto it = store.settings.find("orders_scope");
  if (it == store.settings.end() || it->second != "read_only") return std::nullopt;
  return v2_error(403, "You don't have a required scope to access the endpoint");
}

Response update_order(Store& store, const Request& request, std::int64_t id,
                      const std::string& base, Dispatcher& dispatcher, Time now) {
  Order* order = store.find_order(id);
  if (order == nullptr) return v2_error(404, "The requested resource was not found.");
  auto body = v2_write_body(request);
  if (auto* refused = std::get_if<Response>(&body)) return std::move(*refused);
  std::optional<int> to_status;
  std::optional<std::string> staff_notes;
  for (const auto& [key, value] : std::get<json::object>(body)) {
    if (key == "status_id") {
      if (!value.is_int64() || value.get_int64() < 0 || value.get_int64() > kLastStatusId) {
        return v2_invalid_field(key);
      }
      to_status = static_cast<int>(value.get_int64());
    } else if (key == "staff_notes") {
      if (!value.is_string()) return v2_invalid_field(key);
      staff_notes = std::string(value.get_string());
    } else if (std::find(kUnmodelled.begin(), kUnmodelled.end(), key) != kUnmodelled.end()) {
      return v2_error(501, "The sandbox does not model writing '" + std::string(key) + "'.");
    } else {
      return v2_unwritable_field(key);
    }
  }
  const OrderBefore before = order_before(*order);
  if (staff_notes) order->staff_notes = *staff_notes;
  if (to_status) {
    const OrderState state = state_of_status(*to_status);
    if (state != order->state) control::apply_transition(*order, state, now);
    order->bc_status_id = *to_status;
  }
  // Every PUT saves the order: date_modified moves and store/order/updated fires.
  order->updated = now;
  ChangeContext changed{store, dispatcher, base, now};
  entity_changed(changed, "order", "updated", order->id);
  order_state_changed(changed, *order, before);
  return reply(200, render_order(store, *order, base));
}

}  // namespace sandbox::bc
