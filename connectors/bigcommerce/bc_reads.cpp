// BigCommerce reads: v2 orders (with their products and shipping addresses), v3 customers,
// catalog products and carts. The store's URL is its API root,
// https://api.bigcommerce.com/stores/<store hash>; every request carries X-Auth-Token.
// BigCommerce has no cart listing: carts are read one by one (the event pipeline indexes the
// ones its webhooks announce).
#include "bc_reads.hpp"

#include <charconv>

#include <boost/json/value_from.hpp>

#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/page_items.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/url.hpp>

#include "bc_mapping.hpp"
#include "bc_requests.hpp"

namespace cartgate::bc {

namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kName = "BigCommerce";
constexpr int kMaxOrdersPerPage = 25;  // each order needs two more requests in the same step

HttpRequest get(const StoreContext& store, std::string_view path, const sdk::QueryParams& query) {
  return request(store, "GET", path, query);
}

// A v2 body: 204 (empty) is an empty array.
std::optional<json::value> v2_body(const HttpResponse& r, const json::storage_ptr& storage) {
  if (r.status == 204 || r.body.empty()) return json::value(json::array{});
  return sdk::parse_platform_json(r.body, storage);
}

std::string iso(Timestamp t) {
  return format_rfc3339(t);
}

// ---- orders (v2) -------------------------------------------------------------------------

StepOutcome start_orders(const StepInput& in) {
  const ReadQuery& q = in.call.read;
  if (q.verb == ReadVerb::info) {
    if (!sdk::is_numeric_id(q.id)) {
      return StepOutcome::fail(ConnectorErrorKind::not_found, "BigCommerce order ids are numeric.");
    }
    return read_order(in, q.id);
  }
  if (q.verb == ReadVerb::count) {
    if (q.created_from || q.created_to || q.modified_from || q.modified_to || !q.filters.empty()) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               "BigCommerce counts orders only without filters.");
    }
    return StepOutcome::need({get(in.store, "/v2/orders/count", {})}, "order-count");
  }
  // Keyset scan by id (min_id), pinned to orders created by the scan's start.
  std::int64_t after = 0;
  Timestamp pin = sdk::scan_pin(in.env.now);
  if (!q.page_token.empty()) {
    auto position = sdk::decode_keyset_token(q.page_token);
    if (!position || !position->after.is_int64() || position->after.get_int64() < 0) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query, "Malformed page token.");
    }
    after = position->after.get_int64();
    pin = position->pin;
  }
  const int limit = std::clamp(q.page_size, 1, kMaxOrdersPerPage);
  sdk::QueryParams query{{"sort", "id:asc"}, {"limit", std::to_string(limit)}, {"page", "1"}};
  if (after > 0) query.push_back({"min_id", std::to_string(after + 1)});
  Timestamp created_max = pin;
  if (q.created_to && *q.created_to - 1s < created_max) created_max = *q.created_to - 1s;
  if (q.created_from) query.push_back({"min_date_created", iso(*q.created_from)});
  query.push_back({"max_date_created", iso(created_max)});
  if (q.modified_from) query.push_back({"min_date_modified", iso(*q.modified_from)});
  if (q.modified_to) query.push_back({"max_date_modified", iso(*q.modified_to - 1s)});
  if (auto it = q.filters.find("email"); it != q.filters.end()) {
    query.push_back({"email", it->second});
  }
  json::object state{{"pin", iso(pin)}, {"limit", limit}, {"phase", "list"}};
  return StepOutcome::need({get(in.store, "/v2/orders", query)}, sdk::encode_page_token(state));
}

// An order's products come 250 to a page (GET /v2/orders/{id}/products?limit=250&page=n), and
// v2 says nothing of more pages: a full page means another is asked for, until one is short.
HttpRequest products_page(const StepInput& in, const json::value& order, std::int64_t page) {
  return get(in.store, "/v2/orders/" + *sdk::id_text(order.at("id")) + "/products",
             {{"limit", std::to_string(kMaxLimit)}, {"page", std::to_string(page)}});
}

StepOutcome order_details(const StepInput& in, json::object state) {
  const HttpResponse& r = in.responses.front();
  if (auto f = failure(r)) return with_observations(std::move(*f), in.responses);
  auto body = v2_body(r, in.call.storage);
  if (!body || !body->is_array())
    return sdk::malformed(kName, "an order list that is not an array");
  if (body->as_array().empty()) {
    return with_observations(
        StepOutcome::finished(sdk::list_result({}, {}, std::nullopt, std::nullopt)), in.responses);
  }
  std::vector<HttpRequest> requests;
  for (const auto& order : body->as_array()) {
    auto id = order.is_object() && order.as_object().contains("id") ? sdk::id_text(order.at("id"))
                                                                    : std::nullopt;
    if (!id || !sdk::is_numeric_id(*id)) return sdk::malformed(kName, "an order without an id");
    requests.push_back(products_page(in, order, 1));
    requests.push_back(get(in.store, "/v2/orders/" + *id + "/shipping_addresses", {}));
  }
  state["phase"] = "details";
  state["orders"] = std::move(*body);
  return with_observations(StepOutcome::need(std::move(requests), sdk::encode_page_token(state)),
                           in.responses);
}

// Maps the orders once every product page is in (state: "orders", "lines", "addresses", and
// for a read by id "info"); otherwise asks for the next page of each order whose last was full.
StepOutcome map_orders_or_read_more(const StepInput& in, json::object state) {
  const json::array& orders = state.at("orders").as_array();
  const json::array& lines = state.at("lines").as_array();
  json::object next_pages;
  std::vector<HttpRequest> requests;
  const json::object* pages = state.contains("pages") ? &state.at("pages").as_object() : nullptr;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const std::string key = std::to_string(i);
    const std::int64_t page = pages != nullptr && pages->contains(key)
                                  ? pages->at(key).as_int64()
                                  : (pages == nullptr ? 1 : 0);  // 0: finished before
    if (page == 0) continue;
    const auto& all = lines[i].as_array();
    // Was this order's last page full?
    if (static_cast<std::int64_t>(all.size()) == page * kMaxLimit) {
      next_pages[key] = page + 1;
      requests.push_back(products_page(in, orders[i], page + 1));
    }
  }
  if (!requests.empty()) {
    state["phase"] = "more-products";
    state["pages"] = std::move(next_pages);
    return with_observations(StepOutcome::need(std::move(requests), sdk::encode_page_token(state)),
                             in.responses);
  }
  // One order (info) is answered as JSON; a page in the form the call asked for.
  const bool info = state.contains("info");
  sdk::PageItems items(in.call, in.call.storage, orders.size());
  json::value only;
  json::array raw;
  std::int64_t last = 0;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const json::value& addresses = state.at("addresses").as_array()[i];
    auto mapped = sdk::any_entity(map_order(orders[i], lines[i], addresses, in.store));
    if (const auto* entity = std::get_if<EntityData>(&mapped)) {
      const std::string& id = header_of(*entity).id;
      std::from_chars(id.data(), id.data() + id.size(), last);
    }
    std::string error;
    if (info) {
      only = sdk::entity_json(mapped, error, orders[i].storage());
      if (!error.empty()) return sdk::malformed(kName, error);
    } else if (!items.add(std::move(mapped), error)) {
      return sdk::malformed(kName, error);
    }
    json::object original = orders[i].as_object();
    original["products"] = lines[i];
    original["shipping_addresses"] = addresses;
    raw.push_back(std::move(original));
  }
  if (info) {
    return with_observations(StepOutcome::finished(sdk::info_result(std::move(only), orders.at(0))),
                             in.responses);
  }
  std::optional<std::string> next;
  // v2 has no pagination metadata: a full page means there may be more.
  if (static_cast<std::int64_t>(items.size()) == state.at("limit").as_int64()) {
    next = sdk::encode_page_token(json::object{{"after", last}, {"pin", state.at("pin")}});
  }
  return with_observations(std::move(items).finish(std::move(raw), next, std::nullopt),
                           in.responses);
}

// The next product pages of the orders that asked for them, appended to their lines.
StepOutcome more_products(const StepInput& in, json::object state) {
  const json::object pages = state.at("pages").as_object();
  if (in.responses.size() != pages.size()) return sdk::malformed(kName, "missing product pages");
  json::array& lines = state.at("lines").as_array();
  std::size_t k = 0;
  for (const auto& [key, page] : pages) {
    (void)page;
    const HttpResponse& r = in.responses[k++];
    if (auto f = failure(r)) return with_observations(std::move(*f), in.responses);
    auto more = v2_body(r, in.call.storage);  // 204 (no more) reads as an empty array
    if (!more || !more->is_array()) return sdk::malformed(kName, "order products are not a list");
    auto& all = lines.at(std::stoul(std::string(key))).as_array();
    for (auto& line : more->as_array())
      all.push_back(std::move(line));
  }
  return map_orders_or_read_more(in, std::move(state));
}

StepOutcome finish_orders(const StepInput& in, json::object state) {
  const json::array& orders = state.at("orders").as_array();
  if (in.responses.size() != orders.size() * 2) return sdk::malformed(kName, "missing details");
  json::array lines, addresses;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const HttpResponse& products = in.responses[2 * i];
    const HttpResponse& shipping = in.responses[2 * i + 1];
    for (const auto* r : {&products, &shipping}) {
      if (auto f = failure(*r)) return with_observations(std::move(*f), in.responses);
    }
    auto page = v2_body(products, in.call.storage);
    auto where = v2_body(shipping, in.call.storage);
    if (!page || !where) return sdk::malformed(kName, "order details are not JSON");
    if (!page->is_array()) return sdk::malformed(kName, "order products are not a list");
    lines.push_back(std::move(*page));
    addresses.push_back(std::move(*where));
  }
  state["lines"] = std::move(lines);
  state["addresses"] = std::move(addresses);
  state.erase("pages");
  return map_orders_or_read_more(in, std::move(state));
}

StepOutcome finish_order_info(const StepInput& in) {
  if (in.responses.size() != 3) return sdk::malformed(kName, "expected three answers");
  for (const auto& r : in.responses) {
    if (auto f = failure(r)) return with_observations(std::move(*f), in.responses);
  }
  auto order = sdk::parse_platform_json(in.responses[0].body, in.call.storage);
  auto lines = v2_body(in.responses[1], in.call.storage);
  auto addresses = v2_body(in.responses[2], in.call.storage);
  if (!order || !lines || !addresses) return sdk::malformed(kName, "the body is not JSON");
  if (!lines->is_array()) return sdk::malformed(kName, "order products are not a list");
  const auto* id = order->is_object() ? order->as_object().if_contains("id") : nullptr;
  if (id == nullptr || !sdk::id_text(*id)) return sdk::malformed(kName, "an order without an id");
  json::object state{{"info", true},
                     {"orders", json::array{std::move(*order)}},
                     {"lines", json::array{std::move(*lines)}},
                     {"addresses", json::array{std::move(*addresses)}}};
  return map_orders_or_read_more(in, std::move(state));
}

// ---- customers, products (v3, page-based) and carts ----------------------------------------

StepOutcome start_v3(const StepInput& in) {
  const ReadQuery& q = in.call.read;
  const bool customers = q.entity == Entity::customer;
  if (q.entity == Entity::cart) {
    // Cart ids are UUIDs: letters, digits and dashes only.
    if (q.id.empty() || q.id.size() > 64 ||
        q.id.find_first_not_of("0123456789abcdefABCDEF-") != std::string::npos) {
      return StepOutcome::fail(ConnectorErrorKind::not_found, "No such BigCommerce cart.");
    }
    return StepOutcome::need({get(in.store, "/v3/carts/" + q.id, {})}, R"({"phase":"info"})");
  }
  const std::string path = customers ? "/v3/customers" : "/v3/catalog/products";
  sdk::QueryParams query;
  if (q.verb == ReadVerb::info) {
    if (!sdk::is_numeric_id(q.id)) {
      return StepOutcome::fail(ConnectorErrorKind::not_found, "BigCommerce ids are numeric.");
    }
    if (customers) {
      query = {{"id:in", q.id}, {"include", "addresses"}};
    } else {
      query = {{"id", q.id}, {"include", "variants"}};
    }
    return StepOutcome::need({get(in.store, path, query)}, R"({"phase":"info"})");
  }
  if (!customers && (q.created_from || q.created_to)) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "BigCommerce cannot filter catalog products by creation time.");
  }
  // Positions of page-based scans depend on the page size: the token keeps it, and the pin.
  auto position = sdk::page_number_position(q.page_token, q.page_size, in.env.now, kMaxLimit);
  if (!position)
    return StepOutcome::fail(ConnectorErrorKind::invalid_query, "Malformed page token.");
  const std::int64_t page = position->page;
  int limit = position->limit;
  const Timestamp pin = position->pin;
  if (q.verb == ReadVerb::count) limit = 1;
  query.push_back({"page", std::to_string(q.verb == ReadVerb::count ? 1 : page)});
  query.push_back({"limit", std::to_string(limit)});
  if (customers) {
    // Creation order is stable while customers change; the pin keeps new ones out.
    query.push_back({"sort", "date_created:asc"});
    query.push_back({"include", "addresses"});
    if (q.created_from) query.push_back({"date_created:min", iso(*q.created_from)});
    Timestamp created_max = pin;
    if (q.created_to && *q.created_to - 1s < created_max) created_max = *q.created_to - 1s;
    if (q.verb == ReadVerb::list) query.push_back({"date_created:max", iso(created_max)});
    if (auto it = q.filters.find("email"); it != q.filters.end()) {
      query.push_back({"email:in", it->second});
    }
  } else {
    // Ids never change and new products come last.
    query.push_back({"sort", "id"});
    query.push_back({"direction", "asc"});
    query.push_back({"include", "variants"});
    if (auto it = q.filters.find("sku"); it != q.filters.end())
      query.push_back({"sku", it->second});
    if (auto it = q.filters.find("status"); it != q.filters.end()) {
      if (it->second == "archived") {
        return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                                 "BigCommerce cannot filter products by availability.");
      }
      query.push_back({"is_visible", it->second == "active" ? "true" : "false"});
    }
  }
  if (q.modified_from) query.push_back({"date_modified:min", iso(*q.modified_from)});
  if (q.modified_to) query.push_back({"date_modified:max", iso(*q.modified_to - 1s)});
  json::object state = sdk::page_number_object({page, limit, pin});
  state["phase"] = "list";
  return StepOutcome::need({get(in.store, path, query)}, sdk::encode_page_token(state));
}

StepOutcome finish_v3(const StepInput& in, const json::object& state) {
  const ReadQuery& q = in.call.read;
  const HttpResponse& r = in.responses.front();
  if (auto f = failure(r)) return with_observations(std::move(*f), in.responses);
  auto body = sdk::parse_platform_json(r.body, in.call.storage);
  const json::object* o = body ? body->if_object() : nullptr;
  const json::value* data = o ? o->if_contains("data") : nullptr;
  if (data == nullptr) return sdk::malformed(kName, "no data envelope");
  std::string error;
  const auto map_one = [&](const json::value& raw) {
    switch (q.entity) {
      case Entity::customer:
        return sdk::any_entity(map_customer(raw, in.store));
      case Entity::product:
        return sdk::any_entity(map_product(raw, in.store));
      default:
        return sdk::any_entity(map_cart(raw, in.store));
    }
  };
  if (q.verb == ReadVerb::info) {
    json::value raw;
    if (data->is_array()) {
      if (data->as_array().empty()) {
        return with_observations(StepOutcome::fail(ConnectorErrorKind::not_found,
                                                   "BigCommerce has no such entity.", 404),
                                 in.responses);
      }
      raw = data->as_array().front();
    } else {
      raw = *data;
    }
    auto item = sdk::entity_json(map_one(raw), error, raw.storage());
    if (!error.empty()) return sdk::malformed(kName, error);
    return with_observations(
        StepOutcome::finished(sdk::info_result(std::move(item), std::move(raw))), in.responses);
  }
  const json::value* total = nullptr;
  if (const auto* meta = o->if_contains("meta"); meta != nullptr && meta->is_object()) {
    if (const auto* p = meta->as_object().if_contains("pagination"); p && p->is_object()) {
      total = p->as_object().if_contains("total");
    }
  }
  if (total == nullptr || !total->is_int64() || !data->is_array()) {
    return sdk::malformed(kName, "no meta.pagination.total");
  }
  if (q.verb == ReadVerb::count) {
    return with_observations(StepOutcome::finished(sdk::count_result(total->as_int64())),
                             in.responses);
  }
  sdk::PageItems items(in.call, data->storage(), data->as_array().size());
  json::array raw(data->storage());
  for (const auto& element : data->as_array()) {
    if (!items.add(map_one(element), error)) return sdk::malformed(kName, error);
    raw.push_back(element);
  }
  auto position = sdk::decode_page_number(state, kMaxLimit);
  if (!position) return sdk::malformed(kName, "lost state");
  std::optional<std::string> next;
  if (position->page * position->limit < total->as_int64() && items.size() > 0) {
    ++position->page;
    next = sdk::encode_page_token(sdk::page_number_object(*position));
  }
  return with_observations(std::move(items).finish(std::move(raw), next, total->as_int64()),
                           in.responses);
}

}  // namespace

StepOutcome read_order(const StepInput& in, const std::string& id) {
  const std::string base = "/v2/orders/" + id;
  return StepOutcome::need(
      {get(in.store, base, {}),
       get(in.store, base + "/products", {{"limit", std::to_string(kMaxLimit)}, {"page", "1"}}),
       get(in.store, base + "/shipping_addresses", {})},
      std::string(kOrderInfoState));
}

std::optional<StepOutcome> continue_order_read(const StepInput& in) {
  if (in.state == kOrderInfoState) return finish_order_info(in);
  auto state = sdk::decode_page_token(in.state);
  if (!state || !state->contains("info") || !state->contains("phase") ||
      state->at("phase") != "more-products") {
    return std::nullopt;
  }
  return more_products(in, std::move(*state));
}

StepOutcome read(const StepInput& in) {
  const ReadQuery& q = in.call.read;
  if (in.state.empty()) return q.entity == Entity::order ? start_orders(in) : start_v3(in);
  if (in.responses.empty()) return sdk::malformed(kName, "no answer");
  if (in.state == kOrderInfoState) return finish_order_info(in);
  if (in.state == "order-count") {
    if (auto f = failure(in.responses.front()))
      return with_observations(std::move(*f), in.responses);
    auto body = sdk::parse_platform_json(in.responses.front().body, in.call.storage);
    const json::value* count =
        body && body->is_object() ? body->as_object().if_contains("count") : nullptr;
    if (count == nullptr || !count->is_int64()) return sdk::malformed(kName, "no count");
    return with_observations(StepOutcome::finished(sdk::count_result(count->as_int64())),
                             in.responses);
  }
  auto state = sdk::decode_page_token(in.state);
  if (!state) return sdk::malformed(kName, "lost state");
  if (q.entity == Entity::order) {
    const auto& phase = state->at("phase");
    if (phase == "list") return order_details(in, std::move(*state));
    if (phase == "more-products") return more_products(in, std::move(*state));
    return finish_orders(in, std::move(*state));
  }
  return finish_v3(in, *state);
}

StepOutcome probe(const StepInput& in) {
  if (in.state.empty()) {
    return StepOutcome::need({get(in.store, "/v2/orders/count", {})}, "probe");
  }
  if (auto f = failure(in.responses.front())) return with_observations(std::move(*f), in.responses);
  return with_observations(StepOutcome::finished(json::object{{"ok", true}}), in.responses);
}

}  // namespace cartgate::bc
