// Shopify reads, over the GraphQL Admin API (REST is legacy since 2024-10). Lists follow the
// Relay cursors (keyset by id, stable while records change), pinned to records created before
// the scan began; orders with more lines than the first page of lines get them in follow-up
// queries. Throttling arrives as HTTP 200 with a THROTTLED error or as 429: both are rate
// limits, and every answer's extensions.cost.throttleStatus becomes an observation.
#include "shop_reads.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <set>

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/page_items.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>

#include "shop_graphql.hpp"
#include "shop_mapping.hpp"
#include "shop_queries.hpp"

namespace cartgate::shop {

namespace json = boost::json;

namespace {

std::string quoted(std::string_view value) {
  // Search values in single quotes; a quote or backslash inside is escaped.
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// ---- reads ---------------------------------------------------------------------------------

struct EntityPlan {
  std::string_view query;
  std::vector<std::string_view> fragments;  // (an initializer_list member would dangle)
  std::string_view root;
  int per_page;
  double node_cost;
};

EntityPlan plan_for(Entity e) {
  switch (e) {
    case Entity::order:
      return {kOrdersQuery,
              {kOrderFragment, kMoneyFragment, kAddressFragment, kLineFragment},
              "orders",
              kOrdersPerPage,
              kOrderCost};
    case Entity::customer:
      return {kCustomersQuery,
              {kCustomerFragment, kAddressFragment},
              "customers",
              kCustomersPerPage,
              kCustomerCost};
    case Entity::product:
      return {kProductsQuery, {kProductFragment}, "products", kProductsPerPage, kProductCost};
    case Entity::cart:
      break;
  }
  return {kCheckoutsQuery,
          {kCheckoutFragment, kMoneyFragment},
          "abandonedCheckouts",
          kCheckoutsPerPage,
          kCheckoutCost};
}

// The search query string: filters plus the pin.
std::variant<std::string, StepOutcome> search_query(const ReadQuery& q,
                                                    std::optional<Timestamp> pin) {
  std::vector<std::string> terms;
  if (q.created_from) terms.push_back("created_at:>=" + quoted(format_rfc3339(*q.created_from)));
  if (q.created_to) terms.push_back("created_at:<" + quoted(format_rfc3339(*q.created_to)));
  if (pin) terms.push_back("created_at:<=" + quoted(format_rfc3339(*pin)));
  if (q.modified_from) terms.push_back("updated_at:>=" + quoted(format_rfc3339(*q.modified_from)));
  if (q.modified_to) terms.push_back("updated_at:<" + quoted(format_rfc3339(*q.modified_to)));
  for (const auto& [name, value] : q.filters) {
    if (name == "email") {
      terms.push_back("email:" + quoted(value));
    } else if (name == "sku") {
      terms.push_back("sku:" + quoted(value));
    } else if (name == "abandoned") {
      if (value == "true") terms.push_back("status:open");
    } else if (name == "status" && q.entity == Entity::product) {
      if (value.find(',') != std::string::npos) {
        return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                                 "Shopify filters one product status per call.");
      }
      terms.push_back("status:" + value);
    } else if (name == "status") {
      static const std::pair<std::string_view, std::string_view> kOrderSearch[] = {
          {"pending", "financial_status:pending"},
          {"processing", "status:open financial_status:paid"},
          {"on_hold", "financial_status:authorized"},
          {"completed", "fulfillment_status:shipped"},
          {"cancelled", "status:cancelled"},
          {"refunded", "financial_status:refunded"},
          {"failed", "financial_status:voided"}};
      std::string term;
      for (const auto& [normalized, search] : kOrderSearch) {
        if (normalized == value) term = search;
      }
      if (term.empty()) {
        return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                                 "Shopify filters one order status per call.");
      }
      terms.push_back(term);
    }
  }
  std::string out;
  for (const auto& t : terms)
    out += (out.empty() ? "" : " ") + t;
  return out;
}

sdk::MappedEntity map_node(const json::value& node, const json::array& extra_lines,
                           const std::string& currency, const StepInput& in) {
  switch (in.call.read.entity) {
    case Entity::order:
      return sdk::any_entity(map_order(node, extra_lines, in.store));
    case Entity::customer:
      return sdk::any_entity(map_customer(node, in.store));
    case Entity::product:
      return sdk::any_entity(map_product(node, currency, in.store));
    case Entity::cart:
      return sdk::any_entity(map_checkout(node, in.store));
  }
  return std::string("an entity Shopify has no reads for");
}

std::string shop_currency(const json::object& data) {
  const auto* shop = data.if_contains("shop");
  if (shop == nullptr || !shop->is_object()) return "";
  const auto* c = shop->as_object().if_contains("currencyCode");
  return c && c->is_string() ? std::string(c->as_string()) : std::string();
}

// Orders whose lines did not fit the first page of lines: one query per order and round.
std::vector<HttpRequest> more_lines_requests(const StepInput& in, const json::array& nodes,
                                             const json::object& cursors) {
  std::vector<HttpRequest> out;
  for (const auto& [index, cursor] : cursors) {
    const auto& node = nodes.at(std::stoul(std::string(index)));
    out.push_back(graphql(in.store, kMoreLinesQuery, {kLineFragment, kMoneyFragment},
                          {{"id", node.at("id")}, {"after", cursor}},
                          2 + kMoreLinesPerQuery * kLineCost));
  }
  return out;
}

// Fields Shopify withheld (ACCESS_DENIED next to the data), located on the page: the record's
// index and the field's path within the record. The record's index is at `index_at` in the
// error's path ("orders.nodes.<i>.customer"); without one, every error is about the record at
// `fixed_index` and the field starts after the root ("order.customer").
void locate_withheld(const json::array& errors, std::optional<std::size_t> index_at,
                     std::size_t fixed_index, json::array& out) {
  for (const auto& e : errors) {
    const auto& o = e.as_object();
    const auto& path = o.at("path").as_array();
    std::size_t index = fixed_index;
    std::size_t field_from = 1;
    if (index_at) {
      // An index is a non-negative integer; anything else locates nothing.
      if (path.size() <= *index_at + 1) continue;
      const auto& at = path[*index_at];
      if (at.is_uint64()) {
        index = static_cast<std::size_t>(at.get_uint64());
      } else if (at.is_int64() && at.get_int64() >= 0) {
        index = static_cast<std::size_t>(at.get_int64());
      } else {
        continue;
      }
      field_from = *index_at + 1;
    }
    std::string field;
    for (std::size_t i = field_from; i < path.size(); ++i) {
      if (!field.empty()) field += '.';
      field += path[i].is_string() ? std::string(path[i].as_string()) : json::serialize(path[i]);
    }
    const auto* message = o.if_contains("message");
    out.push_back(json::object{
        {"index", index},
        {"field", std::move(field)},
        {"detail", message != nullptr && message->is_string() ? *message : json::value("")}});
  }
}

// The located fields reflected in the mapped records and reported as warnings on them, once per
// field. A withheld customer object is a customer that exists (Shopify answers a guest's null
// customer without an error): the buyer is not a guest, only not visible.
json::array apply_withheld(const json::array& located, std::vector<EntityData>& entities) {
  json::array out;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& l : located) {
    const auto index = l.at("index").to_number<std::size_t>();
    if (index >= entities.size()) continue;
    if (l.at("field") == "customer") {
      std::visit(
          [](auto& entity) {
            if constexpr (requires { entity.identity.guest; }) entity.identity.guest = false;
          },
          entities[index]);
    }
    const std::string& id = header_of(entities[index]).id;
    const std::string field(l.at("field").as_string());
    if (!seen.emplace(id, field).second) continue;
    out.push_back(json::object{{"record_id", id},
                               {"code", "field_withheld"},
                               {"platform_code", "ACCESS_DENIED"},
                               {"field", field},
                               {"detail", l.at("detail")}});
  }
  return out;
}

// Whether the answer's app installation lacks read_all_orders (asked with every orders page).
bool lacks_all_orders_scope(const json::object& data) {
  const auto* app = data.if_contains("currentAppInstallation");
  const auto* scopes =
      app != nullptr && app->is_object() ? app->as_object().if_contains("accessScopes") : nullptr;
  if (scopes == nullptr || !scopes->is_array()) return false;  // not asked, or not told
  for (const auto& s : scopes->as_array()) {
    const auto* h = s.is_object() ? s.as_object().if_contains("handle") : nullptr;
    if (h != nullptr && *h == "read_all_orders") return false;
  }
  return true;
}

// A warning about the whole page (no record): older orders exist that this app cannot see.
json::object window_warning() {
  return json::object{
      {"code", "orders_window_limited"},
      {"platform_code", "read_all_orders"},
      {"field", ""},
      {"detail",
       "The app lacks the read_all_orders scope: Shopify lists only orders created in "
       "the last " +
           std::to_string(kRecentOrderDays) + " days, and this query reaches further back."}};
}

// One record's answer {"item", "raw"} with its withheld fields reflected and reported.
json::value single_with_warnings(EntityData entity, const json::value& raw,
                                 const json::array& located) {
  std::vector<EntityData> one;
  one.push_back(std::move(entity));
  json::array warnings = apply_withheld(located, one);
  std::string error;  // none: the entity is mapped already
  json::value result =
      sdk::info_result(sdk::entity_json(sdk::MappedEntity(std::move(one[0])), error), raw);
  if (!warnings.empty()) result.as_object()["warnings"] = std::move(warnings);
  return result;
}

json::object pending_lines(const json::array& nodes, const json::object* previous,
                           std::span<const HttpResponse> answers, json::object& extra,
                           json::array& located, std::optional<StepOutcome>& failed) {
  json::object pending;
  if (previous == nullptr) {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const auto* o = nodes[i].if_object();
      const auto* li = o ? o->if_contains("lineItems") : nullptr;
      const auto* page = li && li->is_object() ? li->as_object().if_contains("pageInfo") : nullptr;
      if (page && page->is_object() && page->as_object().if_contains("hasNextPage") &&
          page->as_object().at("hasNextPage") == true) {
        pending[std::to_string(i)] = page->as_object().at("endCursor");
      }
    }
    return pending;
  }
  std::size_t k = 0;
  for (const auto& [index, cursor] : *previous) {
    (void)cursor;
    json::array withheld;
    auto data = answer(answers[k++], &withheld);
    locate_withheld(withheld, std::nullopt, std::stoul(std::string(index)), located);
    if (auto* f = std::get_if<StepOutcome>(&data)) {
      failed = std::move(*f);
      return {};
    }
    const json::value& d = std::get<json::value>(data);
    const auto* order = d.as_object().if_contains("order");
    const auto* li =
        order && order->is_object() ? order->as_object().if_contains("lineItems") : nullptr;
    if (li == nullptr || !li->is_object()) {
      failed = sdk::malformed(kName, "an order's lines vanished while reading");
      return {};
    }
    auto& bucket = extra[index];
    if (!bucket.is_array()) bucket = json::array{};
    if (const auto* nodes_more = li->as_object().if_contains("nodes");
        nodes_more && nodes_more->is_array()) {
      for (const auto& n : nodes_more->as_array())
        bucket.as_array().push_back(n);
    }
    const auto* page = li->as_object().if_contains("pageInfo");
    if (page && page->is_object() && page->as_object().at("hasNextPage") == true) {
      pending[index] = page->as_object().at("endCursor");
    }
  }
  return pending;
}

StepOutcome finish_list(const StepInput& in, const json::object& connection,
                        const std::string& currency, const json::object& extra,
                        const json::value& pin, const json::array& located, bool window_limited) {
  const auto* nodes = connection.if_contains("nodes");
  const auto* page = connection.if_contains("pageInfo");
  if (nodes == nullptr || !nodes->is_array() || page == nullptr || !page->is_object()) {
    return sdk::malformed(kName, "a connection without nodes and pageInfo");
  }
  // Mapped first, so what Shopify withheld is reflected in the entities before they are
  // handed over in either form.
  std::vector<EntityData> entities;
  entities.reserve(nodes->as_array().size());
  json::array raw(nodes->storage());
  const json::array none;
  for (std::size_t i = 0; i < nodes->as_array().size(); ++i) {
    const auto* more = extra.if_contains(std::to_string(i));
    auto mapped = map_node(nodes->as_array()[i], more ? more->as_array() : none, currency, in);
    if (const auto* reason = std::get_if<std::string>(&mapped)) {
      return sdk::malformed(kName, *reason);
    }
    entities.push_back(std::get<EntityData>(std::move(mapped)));
    raw.push_back(nodes->as_array()[i]);
  }
  json::array warnings = apply_withheld(located, entities);
  sdk::PageItems items(in.call, nodes->storage(), entities.size());
  for (auto& entity : entities) {
    std::string error;  // none: every entity is mapped already
    items.add(std::move(entity), error);
  }
  std::optional<std::string> next;
  const auto& info = page->as_object();
  if (info.contains("hasNextPage") && info.at("hasNextPage") == true &&
      info.contains("endCursor") && info.at("endCursor").is_string()) {
    next = sdk::encode_page_token(json::object{{"after", info.at("endCursor")}, {"pin", pin}});
  }
  if (window_limited) warnings.push_back(window_warning());
  StepOutcome out = std::move(items).finish(std::move(raw), next, std::nullopt);
  if (!warnings.empty()) out.result.as_object()["warnings"] = std::move(warnings);
  return out;
}

// One order read by id, with the lines its follow-up queries brought.
StepOutcome finish_order_info(const StepInput& in, const json::value& node,
                              const json::object& extra, const json::array& located) {
  const json::array none;
  const auto* more = extra.if_contains("0");
  auto mapped = map_node(node, more ? more->as_array() : none, "", in);
  if (const auto* reason = std::get_if<std::string>(&mapped)) return sdk::malformed(kName, *reason);
  return StepOutcome::finished(
      single_with_warnings(std::get<EntityData>(std::move(mapped)), node, located));
}

}  // namespace

StepOutcome start_read(const StepInput& in) {
  const ReadQuery& q = in.call.read;
  if (!valid_version(api_version(in.store))) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "The store setting 'api_version' must be YYYY-MM or unstable.");
  }
  if (q.verb == ReadVerb::info) {
    if (!sdk::is_numeric_id(q.id)) {
      return StepOutcome::fail(ConnectorErrorKind::not_found, "Shopify ids are numeric.");
    }
    switch (q.entity) {
      case Entity::order:
        return StepOutcome::need(
            {graphql(in.store, kOrderQuery,
                     {kOrderFragment, kMoneyFragment, kAddressFragment, kLineFragment},
                     {{"id", "gid://shopify/Order/" + q.id}}, kOrderCost)},
            R"({"phase":"info"})");
      case Entity::customer:
        return StepOutcome::need(
            {graphql(in.store, kCustomerQuery, {kCustomerFragment, kAddressFragment},
                     {{"id", "gid://shopify/Customer/" + q.id}}, kCustomerCost)},
            R"({"phase":"info"})");
      case Entity::cart:
        // No abandonedCheckout(id:) root: the listing filtered to the one id.
        return StepOutcome::need(
            {graphql(in.store, kCheckoutsQuery, {kCheckoutFragment, kMoneyFragment},
                     {{"first", 1}, {"query", "id:" + q.id}}, 2 + kCheckoutCost)},
            R"({"phase":"info"})");
      default:
        return StepOutcome::need({graphql(in.store, kProductQuery, {kProductFragment},
                                          {{"id", "gid://shopify/Product/" + q.id}}, kProductCost)},
                                 R"({"phase":"info"})");
    }
  }
  if (q.verb == ReadVerb::count) {
    auto search = search_query(q, std::nullopt);
    if (auto* f = std::get_if<StepOutcome>(&search)) return std::move(*f);
    const std::string_view document = q.entity == Entity::order      ? kOrdersCountQuery
                                      : q.entity == Entity::customer ? kCustomersCountQuery
                                                                     : kProductsCountQuery;
    return StepOutcome::need(
        {graphql(in.store, document, {}, {{"query", std::get<std::string>(search)}}, 1)},
        R"({"phase":"count"})");
  }
  Timestamp pin = sdk::scan_pin(in.env.now);
  json::value after = nullptr;
  if (!q.page_token.empty()) {
    auto position = sdk::decode_keyset_token(q.page_token);
    if (!position || !position->after.is_string()) {  // Shopify's endCursor
      return StepOutcome::fail(ConnectorErrorKind::invalid_query, "Malformed page token.");
    }
    after = std::move(position->after);
    pin = position->pin;
  }
  auto search = search_query(q, pin);
  if (auto* f = std::get_if<StepOutcome>(&search)) return std::move(*f);
  const EntityPlan plan = plan_for(q.entity);
  const int first = std::clamp(q.page_size, 1, plan.per_page);
  json::object variables{
      {"first", first}, {"after", after}, {"query", std::get<std::string>(search)}};
  json::object state{{"phase", "list"}, {"pin", format_rfc3339(pin)}};
  // Whether this scan asks for orders older than an app without read_all_orders can see.
  if (q.entity == Entity::order) {
    const Timestamp window_start = in.env.now - std::chrono::days(kRecentOrderDays);
    state["reaches_back"] = !q.created_from || *q.created_from < window_start;
  }
  return StepOutcome::need({graphql(in.store, plan.query, plan.fragments, std::move(variables),
                                    2 + first * plan.node_cost)},
                           sdk::encode_page_token(state));
}

StepOutcome continue_read(const StepInput& in) {
  const ReadQuery& q = in.call.read;
  auto state = sdk::decode_page_token(in.state);
  if (!state || in.responses.empty()) return sdk::malformed(kName, "lost state");
  std::vector<RateLimitObservation> observations;
  for (const auto& r : in.responses) {
    auto body = sdk::parse_platform_json(r.body, in.call.storage);
    observations.push_back(observe(r, body ? &*body : nullptr));
  }
  const auto fell_forward = version_fell_forward(in.store, in.responses.front());
  const auto done = [&](StepOutcome out) {
    out.observations = observations;
    if (fell_forward && out.kind == StepKind::done && out.result.is_object()) {
      auto& warnings = out.result.as_object()["warnings"];
      if (!warnings.is_array()) warnings = json::array{};
      warnings.as_array().push_back(*fell_forward);
    }
    return out;
  };
  const std::string phase(state->at("phase").as_string());
  if (phase == "lines") {
    // Follow-up answers for orders with many lines; the page itself is in the state.
    json::object extra = state->at("extra").as_object();
    std::optional<StepOutcome> failed;
    const json::array& nodes = state->at("connection").at("nodes").as_array();
    json::array located = state->at("withheld").as_array();
    auto pending = pending_lines(nodes, &state->at("pending").as_object(), in.responses, extra,
                                 located, failed);
    if (failed) return done(std::move(*failed));
    if (!pending.empty()) {
      auto requests = more_lines_requests(in, nodes, pending);
      (*state)["pending"] = std::move(pending);
      (*state)["extra"] = std::move(extra);
      (*state)["withheld"] = std::move(located);
      return done(StepOutcome::need(std::move(requests), sdk::encode_page_token(*state)));
    }
    if (state->contains("info")) return done(finish_order_info(in, nodes.at(0), extra, located));
    return done(
        finish_list(in, state->at("connection").as_object(), "", extra, state->at("pin"), located,
                    state->contains("window_limited") && state->at("window_limited") == true));
  }
  json::array withheld;
  auto data = answer(in.responses.front(), &withheld, in.call.storage);
  if (auto* f = std::get_if<StepOutcome>(&data)) return std::move(*f);
  const json::object& d = std::get<json::value>(data).as_object();
  if (phase == "count") {
    const auto* count = d.if_contains("count");
    const auto* n = count && count->is_object() ? count->as_object().if_contains("count") : nullptr;
    if (n == nullptr || !n->is_int64()) return sdk::malformed(kName, "no count");
    return done(StepOutcome::finished(sdk::count_result(n->as_int64())));
  }
  const std::string currency = shop_currency(d);
  if (phase == "info") {
    const std::string_view root = q.entity == Entity::order      ? "order"
                                  : q.entity == Entity::customer ? "customer"
                                  : q.entity == Entity::cart     ? "abandonedCheckouts"
                                                                 : "product";
    const auto* node = d.if_contains(root);
    if (q.entity == Entity::cart && node != nullptr && node->is_object()) {
      const auto* nodes = node->as_object().if_contains("nodes");
      node = nodes != nullptr && nodes->is_array() && !nodes->as_array().empty()
                 ? &nodes->as_array().front()
                 : nullptr;
    }
    if (node == nullptr || node->is_null()) {
      return done(
          StepOutcome::fail(ConnectorErrorKind::not_found, "Shopify has no such entity.", 404));
    }
    // An order read by id pages its lines exactly as a list does, so a webhook's read-back and
    // a poll of the same version map to the same entity (and one event).
    // A single record: its index in a checkout search's path, or the root for the others.
    json::array located;
    if (q.entity == Entity::cart) {
      locate_withheld(withheld, 2, 0, located);
    } else {
      locate_withheld(withheld, std::nullopt, 0, located);
    }
    if (q.entity == Entity::order) {
      const json::array one{*node};
      json::object extra;
      std::optional<StepOutcome> failed;
      auto pending = pending_lines(one, nullptr, {}, extra, located, failed);
      if (!pending.empty()) {
        auto requests = more_lines_requests(in, one, pending);
        json::object next_state{{"phase", "lines"},
                                {"info", true},
                                {"pin", nullptr},
                                {"connection", json::object{{"nodes", one}}},
                                {"pending", std::move(pending)},
                                {"extra", json::object{}},
                                {"withheld", std::move(located)}};
        return done(StepOutcome::need(std::move(requests), sdk::encode_page_token(next_state)));
      }
    }
    auto mapped = map_node(*node, {}, currency, in);
    if (const auto* reason = std::get_if<std::string>(&mapped)) {
      return sdk::malformed(kName, *reason);
    }
    return done(StepOutcome::finished(
        single_with_warnings(std::get<EntityData>(std::move(mapped)), *node, located)));
  }
  const EntityPlan plan = plan_for(q.entity);
  const auto* connection = d.if_contains(plan.root);
  if (connection == nullptr || !connection->is_object())
    return sdk::malformed(kName, "no connection");
  json::array located;
  locate_withheld(withheld, 2, 0, located);  // "<root>.nodes.<i>.<field>"
  const auto* reaches_back = state->if_contains("reaches_back");
  const bool window_limited =
      reaches_back != nullptr && *reaches_back == true && lacks_all_orders_scope(d);
  if (q.entity == Entity::order) {
    const auto* nodes = connection->as_object().if_contains("nodes");
    if (nodes != nullptr && nodes->is_array()) {
      json::object extra;
      std::optional<StepOutcome> failed;
      auto pending = pending_lines(nodes->as_array(), nullptr, {}, extra, located, failed);
      if (!pending.empty()) {
        auto requests = more_lines_requests(in, nodes->as_array(), pending);
        json::object next_state{{"phase", "lines"},
                                {"pin", state->at("pin")},
                                {"connection", *connection},
                                {"pending", std::move(pending)},
                                {"extra", json::object{}},
                                {"withheld", std::move(located)},
                                {"window_limited", window_limited}};
        return done(StepOutcome::need(std::move(requests), sdk::encode_page_token(next_state)));
      }
    }
  }
  return done(finish_list(in, connection->as_object(), currency, {}, state->at("pin"), located,
                          window_limited));
}

StepOutcome probe(const StepInput& in) {
  if (in.state.empty()) {
    return StepOutcome::need({graphql(in.store, "query { shop { currencyCode } }", {}, {}, 1)},
                             R"({"phase":"probe"})");
  }
  auto data = answer(in.responses.front(), nullptr, in.call.storage);
  if (auto* f = std::get_if<StepOutcome>(&data)) return std::move(*f);
  return StepOutcome::finished(json::object{{"ok", true}});
}

}  // namespace cartgate::shop
