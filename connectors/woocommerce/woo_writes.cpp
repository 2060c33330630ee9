// order.update on WooCommerce (order.shipment.add is woo_shipments.cpp's), step by step:
//   1. with `reconcile` and a note: GET orders/<id>/notes?type=internal, so a note an earlier
//      attempt may have added is found rather than added twice (notes have no client key);
//   2. with a status: PUT orders/<id> {"status"} (idempotent: setting it again changes nothing);
//   3. with a note still to add: POST orders/<id>/notes {"note", "customer_note": false};
//   4. the order as it now is: the PUT's answer, or GET orders/<id> after a note.
// The state between steps is {"phase", "note_found"}.
#include "woo_writes.hpp"

#include <optional>
#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/platform_time.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "woo_customers.hpp"
#include "woo_mapping.hpp"
#include "woo_products.hpp"
#include "woo_requests.hpp"
#include "woo_shipments.hpp"
#include "woo_write_support.hpp"

namespace cartgate::woo {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "WooCommerce";

// order.update's parameters, with the status in WooCommerce's words.
struct OrderUpdate : sdk::OrderUpdateParams {
  std::string native_status;  // empty: unchanged
};

std::variant<OrderUpdate, StepOutcome> read_params(const StepInput& in) {
  auto params = sdk::order_update_params(in.call, kName);
  if (!params) return std::move(params.error());
  OrderUpdate u;
  static_cast<sdk::OrderUpdateParams&>(u) = std::move(*params);
  if (!u.status.empty()) {
    u.native_status = native_order_status(u.status);
    if (u.native_status.empty()) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               "No WooCommerce status for '" + u.status + "'.");
    }
  }
  return u;
}

bool ok(const HttpResponse& r) {
  return r.status >= 200 && r.status < 300;
}

std::string state_of(std::string_view phase, bool note_found) {
  return json::serialize(json::object{{"phase", phase}, {"note_found", note_found}});
}

HttpRequest put_status(const StepInput& in, const OrderUpdate& u) {
  return request(in.store, in.env, "PUT", "orders/" + u.id, {},
                 json::serialize(json::object{{"status", u.native_status}}), 0);
}

HttpRequest post_note(const StepInput& in, const OrderUpdate& u) {
  return request(in.store, in.env, "POST", "orders/" + u.id + "/notes", {},
                 json::serialize(json::object{{"note", *u.note}, {"customer_note", false}}), 0);
}

// The order in the answer, mapped: the write's result.
StepOutcome finish_with_order(const StepInput& in, const HttpResponse& r) {
  auto body = sdk::json_answer(r, kName, "the order", in.call.storage);
  if (!body) return std::move(body.error());
  // Mapped before the answer moves into the result.
  auto mapped = sdk::any_entity(map_order(*body, in.store));
  return sdk::written_entity(mapped, std::move(*body), kName);
}

// The next request once `note_found` is known and `done` steps are behind.
StepOutcome next(const StepInput& in, const OrderUpdate& u, std::string_view done,
                 bool note_found) {
  const bool note_due = u.note && !note_found;
  if (done == "start" && !u.status.empty()) {
    return StepOutcome::need({put_status(in, u)}, state_of("status", note_found));
  }
  if ((done == "start" || done == "status") && note_due) {
    return StepOutcome::need({post_note(in, u)}, state_of("note", note_found));
  }
  return StepOutcome::need({get(in.store, in.env, "orders/" + u.id, {})},
                           state_of("read", note_found));
}

}  // namespace

std::vector<WriteCapability> write_capabilities() {
  return {{"order.update",
           {"status", "note"},
           "status: pending, processing, on_hold, completed, cancelled; note: a private order "
           "note (one the customer is not sent)."},
          {"order.shipment.add",
           {"line_items", "tracking_number", "carrier", "tracking_url", "notify_customer"},
           "WooCommerce has no shipments: a tracking item in the order meta the Shipment "
           "Tracking extension keeps (_wc_shipment_tracking_items), an order note (sent to the "
           "customer with notify_customer), and the order completed once every unit is "
           "shipped."},
          {"product.update",
           {"price", "compare_at_price", "status", "stock_quantity"},
           "Products without variations: on sale, the price is the sale price and the "
           "compare-at price the regular one; status active is publish, draft draft, archived "
           "private; a stock quantity turns stock management on."},
          {"customer.update",
           {"first_name", "last_name", "email", "phone", "default_address"},
           "The customer's account: the phone is the billing address's (the account has none "
           "of its own), the default address the billing address; an e-mail address another "
           "account holds is refused."},
          {"customer.add",
           {"email", "first_name", "last_name", "phone", "default_address"},
           "A customer account (role customer; WooCommerce makes the username and a password): "
           "the phone is the billing address's; an e-mail address another account holds is "
           "refused."}};
}

StepOutcome write_step(const StepInput& in) {
  const auto* op =
      in.call.params.is_object() ? in.call.params.get_object().if_contains("operation") : nullptr;
  if (op != nullptr && *op == "order.shipment.add") return shipment_step(in);
  if (op != nullptr && *op == "product.update") return product_update_step(in);
  if (op != nullptr && *op == "customer.update") return customer_update_step(in);
  if (op != nullptr && *op == "customer.add") return customer_add_step(in);
  auto params = read_params(in);
  if (auto* failed = std::get_if<StepOutcome>(&params)) return std::move(*failed);
  const auto& u = std::get<OrderUpdate>(params);
  if (in.state.empty()) {
    if (u.reconcile && u.note) {
      return StepOutcome::need(
          {get(in.store, in.env, "orders/" + u.id + "/notes", {{"type", "internal"}})},
          state_of("notes", false));
    }
    return next(in, u, "start", false);
  }
  auto state = sdk::decode_page_token(in.state);
  const auto* phase = state ? state->if_contains("phase") : nullptr;
  const auto* found = state ? state->if_contains("note_found") : nullptr;
  if (phase == nullptr || !phase->is_string() || found == nullptr || !found->is_bool() ||
      in.responses.size() != 1) {
    return sdk::malformed(kName, "lost the write's state");
  }
  const HttpResponse& r = in.responses.front();
  if (!ok(r)) return refused_write(r);
  const std::string_view at = phase->get_string();
  if (at == "notes") return next(in, u, "start", holds_note(r, *u.note, u.since));
  if (at == "status") {
    if (u.note && !found->get_bool()) return next(in, u, "status", false);
    return finish_with_order(in, r);
  }
  if (at == "note") return next(in, u, "note", true);
  if (at == "read") return finish_with_order(in, r);
  return sdk::malformed(kName, "lost the write's state");
}

}  // namespace cartgate::woo
