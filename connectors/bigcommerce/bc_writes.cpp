// order.update on BigCommerce, step by step:
//   1. with a note: GET /v2/orders/<id>, for the staff notes the note is added to (staff_notes
//      is one text field that a PUT replaces, so adding means reading first);
//   2. PUT /v2/orders/<id> {"status_id"?, "staff_notes"?}: one save, which fires
//      store/order/updated (and store/order/statusUpdated when the status moved);
//   3. the order as order.info reads it (the order, its products, its shipping addresses).
// With `reconcile`, a note already in the staff notes as a paragraph of its own is taken for
// the earlier attempt's and not added again.
#include "bc_writes.hpp"

#include <optional>
#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "bc_customers.hpp"
#include "bc_products.hpp"
#include "bc_reads.hpp"
#include "bc_requests.hpp"
#include "bc_shipments.hpp"

namespace cartgate::bc {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "BigCommerce";

// The v2 status id for a settable normalized status (GET /v2/order_statuses): each is the
// id the read mapping turns back into the same status.
std::optional<int> status_id_for(std::string_view status) {
  if (status == "pending") return 1;      // Pending
  if (status == "processing") return 11;  // Awaiting Fulfillment
  if (status == "on_hold") return 12;     // Manual Verification Required
  if (status == "completed") return 10;   // Completed
  if (status == "cancelled") return 5;    // Cancelled
  return std::nullopt;
}

// order.update's parameters, with the status as a v2 status id.
struct OrderUpdate : sdk::OrderUpdateParams {
  std::optional<int> status_id;
};

std::variant<OrderUpdate, StepOutcome> read_params(const StepInput& in) {
  auto params = sdk::order_update_params(in.call, kName);
  if (!params) return std::move(params.error());
  OrderUpdate u;
  static_cast<sdk::OrderUpdateParams&>(u) = std::move(*params);
  if (!u.status.empty()) {
    u.status_id = status_id_for(u.status);
    if (!u.status_id) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               "No BigCommerce status for '" + u.status + "'.");
    }
  }
  return u;
}

HttpRequest put_order(const StepInput& in, const OrderUpdate& u,
                      const std::optional<std::string>& staff_notes) {
  json::object body;
  if (u.status_id) body["status_id"] = *u.status_id;
  if (staff_notes) body["staff_notes"] = *staff_notes;
  return request(in.store, "PUT", "/v2/orders/" + u.id, {}, json::serialize(body));
}

// After the order was read for its staff notes: the PUT, or nothing left to change.
StepOutcome after_notes(const StepInput& in, const OrderUpdate& u) {
  const HttpResponse& r = in.responses.front();
  auto order = sdk::parse_platform_json(r.body, in.call.storage);
  const auto* o = order ? order->if_object() : nullptr;
  if (o == nullptr) return sdk::malformed(kName, "the order is not a JSON object");
  std::string staff_notes;
  if (const auto* s = o->if_contains("staff_notes"); s != nullptr && s->is_string())
    staff_notes = s->get_string();
  const bool found = u.reconcile && sdk::holds_paragraph(staff_notes, *u.note);
  std::optional<std::string> notes;
  if (!found) notes = sdk::with_paragraph(staff_notes, *u.note);
  if (!notes && !u.status_id) return read_order(in, u.id);
  return StepOutcome::need({put_order(in, u, notes)}, R"({"write":"put"})");
}

}  // namespace

std::vector<WriteCapability> write_capabilities() {
  return {{"order.update",
           {"status", "note"},
           "status: pending, processing, on_hold, completed, cancelled (status_id 1, 11, 12, 10, "
           "5); note: added as a paragraph to the order's staff notes, which the customer never "
           "sees."},
          {"order.shipment.add",
           {"line_items", "tracking_number", "carrier", "tracking_url"},
           "One v2 shipment to the order's shipping address; the order becomes Shipped or "
           "Partially Shipped. BigCommerce e-mails the customer as the store's order "
           "notification settings say, so notify_customer cannot be set per shipment."},
          {"product.update",
           {"price", "compare_at_price", "status", "stock_quantity"},
           "v3 Catalog: on sale, the price is sale_price and the compare-at price the price; "
           "status active, draft, archived is is_visible and availability (archived: "
           "disabled); stock is inventory_level with inventory_tracking product (a product "
           "whose stock is counted per variant is refused)."},
          {"product.variant.update",
           {"price", "compare_at_price", "stock_quantity"},
           "v3 Catalog variant: on sale, the price is sale_price and the compare-at price the "
           "price (a variant's prices no longer follow the product's once set); stock is the "
           "variant's inventory_level, for a product with inventory_tracking variant."},
          {"customer.update",
           {"first_name", "last_name", "email", "phone", "email_marketing", "default_address"},
           "v3 Customers: first_name, last_name (at most 100 characters each), email (unique "
           "in the store) and phone (at most 50 characters); the consent is "
           "accepts_product_review_abandoned_cart_emails; the default address is the "
           "customer's first address (city, state_or_province and postal_code required)."},
          {"customer.add",
           {"email", "first_name", "last_name", "phone", "email_marketing", "default_address"},
           "v3 Customers: first_name and last_name are required (at most 100 characters "
           "each), the e-mail address unique in the store, phone at most 50 characters."}};
}

StepOutcome write_step(const StepInput& in) {
  const auto* op =
      in.call.params.is_object() ? in.call.params.get_object().if_contains("operation") : nullptr;
  if (op != nullptr && *op == "order.shipment.add") return shipment_step(in);
  if (op != nullptr && *op == "product.update") return product_update_step(in);
  if (op != nullptr && *op == "product.variant.update") return product_variant_update_step(in);
  if (op != nullptr && *op == "customer.update") return customer_update_step(in);
  if (op != nullptr && *op == "customer.add") return customer_add_step(in);
  auto params = read_params(in);
  if (auto* failed = std::get_if<StepOutcome>(&params)) return std::move(*failed);
  const auto& u = std::get<OrderUpdate>(params);
  if (in.state.empty()) {
    if (u.note) {
      return StepOutcome::need({request(in.store, "GET", "/v2/orders/" + u.id, {})},
                               R"({"write":"notes"})");
    }
    return StepOutcome::need({put_order(in, u, std::nullopt)}, R"({"write":"put"})");
  }
  if (auto read = continue_order_read(in)) return std::move(*read);
  auto state = sdk::write_state(in, "write", kName);
  if (!state) return std::move(state.error());
  const std::string& phase = state->phase;
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return with_observations(refused_write(r), in.responses);
  StepOutcome next = phase == "notes" ? after_notes(in, u)
                     : phase == "put" ? read_order(in, u.id)
                                      : sdk::lost_write_state(kName);
  return with_observations(std::move(next), in.responses);
}

}  // namespace cartgate::bc
