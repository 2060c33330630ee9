// Order writes as the GraphQL Admin API takes them (Shopify/shopify-app-js and shopify.dev
// reference, 2024-10 and later):
//  - orderUpdate(input: OrderInput!): {order, userErrors {field, message}}; `note` replaces the
//    order's one note; every save fires orders/updated;
//  - orderCancel(orderId, reason, refund, restock, notifyCustomer): runs as a job and answers
//    {job {id, done}, orderCancelUserErrors {field, message, code}} at once; the order is
//    cancelled when the job runs (the sandbox runs it before answering, and reports it not done
//    until `job(id:)` is asked), then orders/cancelled and orders/updated fire;
//  - both need the write_orders access scope; without it the field is null with an
//    ACCESS_DENIED error and the rest of the answer stands.
#include "platforms/shopify/shop_writes.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>

#include "control/change_events.hpp"
#include "control/order_transitions.hpp"
#include "platforms/shopify/shop_render.hpp"

namespace sandbox::shop {

namespace json = boost::json;

namespace {

constexpr std::int64_t kJobBase = 7730000000000;

// The sandbox order a gid names, if the store has it.
Order* order_of(Store& store, const json::value* id) {
  const auto shown = gid_number(id, "Order");
  for (auto& o : store.orders) {
    if (shown && sid(Kind::order, o.id) == *shown) return &o;
  }
  return nullptr;
}

json::value order_update(Store& store, Dispatcher& dispatcher, const json::object& args, Time now) {
  json::object payload{{"__typename", "OrderUpdatePayload"}, {"order", nullptr}};
  const auto* input = args.if_contains("input");
  Order* o = input != nullptr && input->is_object()
                 ? order_of(store, input->as_object().if_contains("id"))
                 : nullptr;
  if (o == nullptr) {
    payload["userErrors"] =
        json::array{user_error("UserError", json::array{"id"}, "Order does not exist")};
    return payload;
  }
  if (const auto* note = input->as_object().if_contains("note")) {
    if (!note->is_string() && !note->is_null()) {
      payload["userErrors"] =
          json::array{user_error("UserError", json::array{"note"}, "Note is invalid")};
      return payload;
    }
    o->note = note->is_string() ? std::string(note->get_string()) : std::string();
  }
  o->updated = now;
  ChangeContext changed{store, dispatcher, "", now};
  entity_changed(changed, "order", "updated", o->id);
  payload["order"] = order_node(store, *o);
  payload["userErrors"] = json::array{};
  return payload;
}

json::value order_cancel(Store& store, Dispatcher& dispatcher, const json::object& args, Time now) {
  json::object payload{{"__typename", "OrderCancelPayload"}, {"job", nullptr}};
  Order* o = order_of(store, args.if_contains("orderId"));
  const auto refusal = [&](json::array field, const std::string& message, json::value code) {
    payload["orderCancelUserErrors"] =
        json::array{user_error("OrderCancelUserError", std::move(field), message, code)};
    return payload;
  };
  if (o == nullptr) return refusal(json::array{"orderId"}, "Order does not exist", "NOT_FOUND");
  for (const char* required : {"reason", "refund", "restock"}) {
    if (!args.contains(required)) {
      return refusal(json::array{required}, std::string(required) + " is required", "INVALID");
    }
  }
  if (o->state == OrderState::cancelled || o->cancelled_at) {
    return refusal(json::array{"orderId"}, "Cannot cancel an order that has already been cancelled",
                   "INVALID");
  }
  const OrderBefore before = order_before(*o);
  control::apply_transition(*o, OrderState::cancelled, now);
  o->updated = now;
  ChangeContext changed{store, dispatcher, "", now};
  order_state_changed(changed, *o, before);
  entity_changed(changed, "order", "updated", o->id);
  payload["job"] =
      json::object{{"__typename", "Job"}, {"id", gid("Job", kJobBase + o->id)}, {"done", false}};
  payload["orderCancelUserErrors"] = json::array{};
  return payload;
}

}  // namespace

std::optional<json::value> order_mutation(Store& store, Dispatcher& dispatcher,
                                          const graphql::Selection& s, const json::object& args,
                                          const std::vector<std::string>& scopes, Time now,
                                          std::vector<graphql::Error>& errors) {
  if (s.name != "orderUpdate" && s.name != "orderCancel") return std::nullopt;
  if (!holds_scope(scopes, "write_orders")) {
    errors.push_back(access_denied(s, "`write_orders` access scope."));
    return json::value(nullptr);
  }
  return s.name == "orderUpdate" ? order_update(store, dispatcher, args, now)
                                 : order_cancel(store, dispatcher, args, now);
}

std::optional<json::value> order_mutation_shape(const Store& store, const std::string& field) {
  if (field == "orderUpdate") {
    return json::object{
        {"__typename", "OrderUpdatePayload"},
        {"order", order_node(store, Order{})},
        {"userErrors", json::array{user_error("UserError", json::array{"id"}, "")}}};
  }
  if (field == "orderCancel") {
    return json::object{
        {"__typename", "OrderCancelPayload"},
        {"job", json::object{{"__typename", "Job"}, {"id", gid("Job", kJobBase)}, {"done", false}}},
        {"orderCancelUserErrors",
         json::array{user_error("OrderCancelUserError", json::array{"orderId"}, "", "INVALID")}}};
  }
  return std::nullopt;
}

json::object user_error(const char* type, json::array field, const std::string& message,
                        std::optional<json::value> code) {
  json::object e{{"__typename", type}, {"field", std::move(field)}, {"message", message}};
  if (code) e["code"] = std::move(*code);
  return e;
}

json::value input_refused(const graphql::Selection& s, std::vector<graphql::Error>& errors,
                          const std::string& message, const char* code) {
  graphql::Error e;
  e.message = message;
  e.location = s.location;
  e.path = {s.key()};
  e.extensions = json::object{{"code", code}};
  errors.push_back(std::move(e));
  return nullptr;
}

graphql::Error access_denied(const graphql::Selection& s, const std::string& required) {
  graphql::Error e;
  e.message = "Access denied for " + s.name + " field. Required access: " + required;
  e.location = s.location;
  e.path = {s.key()};
  e.extensions = json::object{{"code", graphql::kAccessDenied},
                              {"documentation", "https://shopify.dev/api/usage/access-scopes"},
                              {"requiredAccess", required}};
  return e;
}

bool holds_scope(const std::vector<std::string>& scopes, std::string_view scope) {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

bool is_mutation(const cartgate::http::Request& request) {
  boost::system::error_code ec;
  const json::value body = json::parse(request.body, ec);
  const auto* query = !ec && body.is_object() ? body.as_object().if_contains("query") : nullptr;
  if (query == nullptr || !query->is_string()) return false;
  graphql::Error error;
  const auto doc = graphql::parse(query->get_string(), error);
  return doc && std::any_of(doc->operations.begin(), doc->operations.end(),
                            [](const graphql::Operation& op) { return op.kind == "mutation"; });
}

json::value job_node(const json::object& args) {
  const auto* id = args.if_contains("id");
  if (id == nullptr || !id->is_string() || !id->get_string().starts_with("gid://shopify/Job/")) {
    return nullptr;
  }
  return json::object{{"__typename", "Job"}, {"id", *id}, {"done", true}};
}

}  // namespace sandbox::shop
