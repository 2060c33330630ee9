// The Magento 2 (Open Source and Adobe Commerce) connector: REST /V1 with searchCriteria.
// Magento Open Source sends no webhooks, so every event is polled; lists scan by entity id
// (keyset: records changing mid-scan never shift a page) and stop at total_count.
#include <algorithm>

#include <boost/json/value_from.hpp>

#include <cartgate/connector_registration.hpp>
#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/page_items.hpp>
#include <cartgate/sdk/platform_connector.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/platform_time.hpp>
#include <cartgate/sdk/read_result.hpp>

#include "mage_mapping.hpp"
#include "mage_requests.hpp"
#include "mage_writes.hpp"

namespace cartgate::mage {

namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kName = "Magento";
constexpr int kMaxPageSize = 300;  // the cap when 2.4.7 input limiting is on
constexpr auto kAbandonAfter = std::chrono::seconds{3600};

Manifest make_manifest() {
  Manifest m;
  m.platform = "magento";
  m.display_name = "Magento 2";
  m.connector_version = "1.0.0";
  m.credentials = {
      {"consumer_key", true, true, "Integration consumer key"},
      {"consumer_secret", true, true, "Integration consumer secret"},
      {"access_token", true, true, "Integration access token"},
      {"access_token_secret", true, true, "Integration access token secret"},
  };
  m.settings = {"auth", "store_code", "currency"};
  const std::vector<ReadVerb> all{ReadVerb::list, ReadVerb::info, ReadVerb::count};
  m.entities = {
      {Entity::order, all, {"status", "email"}, ""},
      {Entity::customer, all, {"email"}, ""},
      {Entity::product, all, {"status", "sku"}, "Prices need the store setting 'currency'."},
      {Entity::cart,
       {ReadVerb::list, ReadVerb::info},
       {"abandoned"},
       "carts/search plus each cart's totals; abandoned = active with items, idle 60 minutes."},
  };
  for (auto type : {EventType::order_add, EventType::order_update, EventType::customer_add,
                    EventType::customer_update, EventType::product_add, EventType::product_update,
                    EventType::cart_add, EventType::cart_update}) {
    m.events.push_back({type, EventDelivery::poll, "Magento Open Source has no webhooks."});
  }
  m.rate_limit = {RateLimitModel::none, 0, 0, 0};
  m.webhook_signature = WebhookSignature::none;
  m.max_page_size = kMaxPageSize;
  // The merchant's own site; integrations sign each request with OAuth 1.0a, so the tokens
  // themselves never cross the wire and plain HTTP is possible where the operator allows it.
  m.store_address.plain_http = true;
  m.writes = write_capabilities();
  return m;
}

struct EntityRoutes {
  std::string_view list;
  std::string_view id_field;
};

EntityRoutes routes(Entity e) {
  switch (e) {
    case Entity::order:
      return {"orders", "entity_id"};
    case Entity::customer:
      return {"customers/search", "entity_id"};
    case Entity::product:
      return {"products", "entity_id"};
    case Entity::cart:
      return {"carts/search", "entity_id"};
  }
  return {"", ""};
}

std::string naive(Timestamp t) {
  return sdk::format_naive_utc(t, ' ');
}

bool valid_store_code(const StoreContext& store) {
  auto it = store.settings.find("store_code");
  if (it == store.settings.end()) return true;
  for (const char ch : it->second) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  }
  return true;
}

// The filters every list and count share.
std::optional<StepOutcome> add_filters(const ReadQuery& q, Timestamp now, SearchCriteria& sc) {
  if (q.created_from) sc.filter("created_at", naive(*q.created_from), "gteq");
  if (q.created_to) sc.filter("created_at", naive(*q.created_to), "lt");
  if (q.modified_from) sc.filter("updated_at", naive(*q.modified_from), "gteq");
  if (q.modified_to) sc.filter("updated_at", naive(*q.modified_to), "lt");
  for (const auto& [name, value] : q.filters) {
    if (name == "email") {
      sc.filter(q.entity == Entity::order ? "customer_email" : "email", value, "eq");
    } else if (name == "sku") {
      sc.filter("sku", value, "eq");
    } else if (name == "status" && q.entity == Entity::order) {
      std::string statuses;
      std::string_view rest = value;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string native = native_statuses(rest.substr(0, comma));
        if (native.empty()) {
          return StepOutcome::fail(ConnectorErrorKind::invalid_query, "Unknown order status.");
        }
        statuses += (statuses.empty() ? "" : ",") + native;
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
      sc.filter("status", statuses, "in");
    } else if (name == "status" && q.entity == Entity::product) {
      // Magento products are enabled (1) or disabled (2): draft and archived are both 2.
      sc.filter("status", value == "active" ? "1" : "2", "eq");
    } else if (name == "abandoned" && value == "true") {
      sc.filter("is_active", "1", "eq");
      sc.filter("items_count", "0", "gt");
      sc.filter("updated_at", naive(now - kAbandonAfter), "lteq");
    }
  }
  return std::nullopt;
}

sdk::MappedEntity map_entity(const json::value& raw, const json::value* totals,
                             const StepInput& in) {
  switch (in.call.read.entity) {
    case Entity::order:
      return sdk::any_entity(map_order(raw, in.store));
    case Entity::customer:
      return sdk::any_entity(map_customer(raw, in.store));
    case Entity::product:
      return sdk::any_entity(map_product(raw, in.store));
    case Entity::cart:
      return sdk::any_entity(map_cart(raw, totals, in.store, in.env.now, kAbandonAfter));
  }
  return std::string("an entity Magento has no reads for");
}

StepOutcome start_read(const StepInput& in) {
  const ReadQuery& q = in.call.read;
  if (!valid_store_code(in.store)) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "The store setting 'store_code' may hold only a-z, 0-9 and _.");
  }
  const EntityRoutes r = routes(q.entity);
  if (q.verb == ReadVerb::info) {
    if (!sdk::is_numeric_id(q.id)) {
      return StepOutcome::fail(ConnectorErrorKind::not_found,
                               "Magento ids are numeric; there is no '" + q.id + "'.");
    }
    switch (q.entity) {
      case Entity::order:
        return StepOutcome::need({get(in.store, in.env, "orders/" + q.id, {})}, "info");
      case Entity::customer:
        return StepOutcome::need({get(in.store, in.env, "customers/" + q.id, {})}, "info");
      case Entity::cart:
        return StepOutcome::need({get(in.store, in.env, "carts/" + q.id, {}),
                                  get(in.store, in.env, "carts/" + q.id + "/totals", {}, 1)},
                                 "info");
      case Entity::product: {
        // GET /V1/products/{sku} is by SKU; by id it is a search.
        SearchCriteria sc;
        sc.filter("entity_id", q.id, "eq").page(1, 1);
        return StepOutcome::need({get(in.store, in.env, r.list, sc.params())}, "info-search");
      }
    }
  }
  SearchCriteria sc;
  if (auto failed = add_filters(q, in.env.now, sc)) return std::move(*failed);
  if (q.verb == ReadVerb::count) {
    sc.page(1, 1);
    return StepOutcome::need({get(in.store, in.env, r.list, sc.params())}, "count");
  }
  // Keyset scan: ids ascending after the last one seen, pinned to records created by the
  // time the scan started.
  std::string after;
  Timestamp pin = sdk::scan_pin(in.env.now);
  if (!q.page_token.empty()) {
    auto position = sdk::decode_keyset_token(q.page_token);
    const auto* id = position ? position->after.if_string() : nullptr;
    if (id == nullptr || !sdk::is_numeric_id(*id)) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query, "Malformed page token.");
    }
    after = std::string(*id);
    pin = position->pin;
  }
  if (!after.empty()) sc.filter(r.id_field, after, "gt");
  sc.filter("created_at", naive(pin), "lteq");
  sc.sort(r.id_field, "ASC");
  const int size = std::clamp(q.page_size, 1, kMaxPageSize);
  sc.page(size, 1);
  json::object state{{"pin", format_rfc3339(pin)}, {"size", size}};
  return StepOutcome::need({get(in.store, in.env, r.list, sc.params())},
                           sdk::encode_page_token(state));
}

StepOutcome finish_list(const StepInput& in, json::value body,
                        std::span<const HttpResponse> totals);

// GET /V1/carts/{id}/totals loads the quote with CartRepository::getActive(), so a cart that
// became an order (is_active false) answers 404 there: its totals are not asked for.
bool cart_is_active(const json::value& cart) {
  const auto* o = cart.if_object();
  const json::value* active = o != nullptr ? o->if_contains("is_active") : nullptr;
  return active == nullptr || !active->is_bool() || active->get_bool();
}

// Carts: the list has no totals; fetch /carts/{id}/totals for each active one (concurrently).
StepOutcome request_cart_totals(const StepInput& in, json::value body) {
  const json::array& items = body.at("items").as_array();
  std::vector<HttpRequest> requests;
  for (const auto& cart : items) {
    auto id = cart.is_object() && cart.as_object().contains("id") ? sdk::id_text(cart.at("id"))
                                                                  : std::nullopt;
    if (!id || !sdk::is_numeric_id(*id))
      return sdk::malformed(kName, "a cart without a numeric id");
    if (!cart_is_active(cart)) continue;
    requests.push_back(get(in.store, in.env, "carts/" + *id + "/totals", {}, requests.size()));
  }
  if (requests.empty()) return finish_list(in, std::move(body), {});
  auto state = sdk::decode_page_token(in.state).value_or(json::object{});
  state["list"] = std::move(body);
  return StepOutcome::need(std::move(requests), sdk::encode_page_token(state));
}

StepOutcome finish_list(const StepInput& in, json::value body,
                        std::span<const HttpResponse> totals) {
  const ReadQuery& q = in.call.read;
  auto* list = body.if_object();
  const json::value* items_value = list ? list->if_contains("items") : nullptr;
  const json::value* total_value = list ? list->if_contains("total_count") : nullptr;
  if (items_value == nullptr || !items_value->is_array() || total_value == nullptr ||
      !total_value->is_int64()) {
    return sdk::malformed(kName, "a search answer without items and total_count");
  }
  const auto& source = items_value->as_array();
  sdk::PageItems items(in.call, source.storage(), source.size());
  json::array raw(source.storage());
  std::string last_id;
  std::size_t next_totals = 0;  // totals answers come for the active carts only, in order
  for (std::size_t i = 0; i < source.size(); ++i) {
    std::optional<json::value> cart_totals;
    if (!totals.empty() && cart_is_active(source[i])) {
      if (next_totals >= totals.size()) return sdk::malformed(kName, "totals do not match carts");
      const HttpResponse& answer = totals[next_totals++];
      auto totals_body = sdk::json_answer(answer, kName, "cart totals", in.call.storage);
      if (!totals_body) return std::move(totals_body.error());
      cart_totals = std::move(*totals_body);
    }
    auto mapped = map_entity(source[i], cart_totals ? &*cart_totals : nullptr, in);
    if (const auto* entity = std::get_if<EntityData>(&mapped)) last_id = header_of(*entity).id;
    std::string error;
    if (!items.add(std::move(mapped), error)) return sdk::malformed(kName, error);
    raw.push_back(source[i]);
  }
  // total_count counts what matches this page's filters (ids after the last page): more
  // remain only if it exceeds what came back.
  const std::int64_t remaining = total_value->as_int64();
  std::optional<std::string> next;
  auto state = sdk::decode_page_token(in.state).value_or(json::object{});
  if (items.size() > 0 && remaining > static_cast<std::int64_t>(items.size())) {
    json::object token{{"after", last_id}, {"pin", state["pin"]}};
    next = sdk::encode_page_token(token);
  }
  (void)q;
  return std::move(items).finish(std::move(raw), std::move(next), std::nullopt);
}

StepOutcome continue_read(const StepInput& in) {
  const ReadQuery& q = in.call.read;
  if (in.responses.empty()) return sdk::malformed(kName, "no answer");
  // Cart totals step: the list is in the state; the answers are the totals.
  if (auto state = sdk::decode_page_token(in.state); state && state->contains("list")) {
    const auto& carts = state->at("list").at("items").as_array();
    if (in.responses.size() !=
        static_cast<std::size_t>(std::count_if(carts.begin(), carts.end(), cart_is_active))) {
      return sdk::malformed(kName, "totals do not match the carts");
    }
    return finish_list(in, state->at("list"), in.responses);
  }
  const HttpResponse& first = in.responses.front();
  if (auto failed = sdk::failure_for_status(first, kName)) {
    // Magento answers an unknown id with 404 and "No such entity with %fieldName = %fieldValue".
    return std::move(*failed);
  }
  auto body = sdk::parse_platform_json(first.body, in.call.storage);
  if (!body) return sdk::malformed(kName, "the body is not JSON");

  if (in.state == "info" || in.state == "info-search") {
    json::value entity = std::move(*body);
    if (in.state == "info-search") {
      const auto* items = entity.is_object() ? entity.as_object().if_contains("items") : nullptr;
      if (items == nullptr || !items->is_array()) return sdk::malformed(kName, "no items");
      if (items->as_array().empty()) {
        return StepOutcome::fail(ConnectorErrorKind::not_found, "Magento has no such entity.", 404);
      }
      json::value only = items->as_array().front();
      entity = std::move(only);
    }
    std::optional<json::value> cart_totals;
    // The totals of a converted cart answer 404 (getActive()); it is mapped without them.
    const bool totals_apply = q.entity == Entity::cart && in.responses.size() == 2 &&
                              !(in.responses[1].status == 404 && !cart_is_active(entity));
    if (totals_apply) {
      auto totals_body = sdk::json_answer(in.responses[1], kName, "cart totals", in.call.storage);
      if (!totals_body) return std::move(totals_body.error());
      cart_totals = std::move(*totals_body);
    }
    std::string error;
    auto mapped = sdk::entity_json(map_entity(entity, cart_totals ? &*cart_totals : nullptr, in),
                                   error, entity.storage());
    if (!error.empty()) return sdk::malformed(kName, error);
    return StepOutcome::finished(sdk::info_result(std::move(mapped), std::move(entity)));
  }
  if (in.state == "count") {
    const auto* o = body->if_object();
    const json::value* total = o ? o->if_contains("total_count") : nullptr;
    if (total == nullptr || !total->is_int64()) return sdk::malformed(kName, "no total_count");
    return StepOutcome::finished(sdk::count_result(total->as_int64()));
  }
  const auto* o = body->if_object();
  const json::value* items = o ? o->if_contains("items") : nullptr;
  if (items == nullptr || !items->is_array()) return sdk::malformed(kName, "no items");
  if (q.entity == Entity::cart && !items->as_array().empty()) {
    return request_cart_totals(in, std::move(*body));
  }
  return finish_list(in, std::move(*body), {});
}

StepOutcome probe(const StepInput& in) {
  if (in.state.empty()) {
    SearchCriteria sc;
    sc.page(1, 1);
    return StepOutcome::need({get(in.store, in.env, "orders", sc.params())}, "probe");
  }
  if (in.responses.size() != 1) return sdk::malformed(kName, "expected one answer");
  if (auto failed = sdk::failure_for_status(in.responses.front(), kName)) return std::move(*failed);
  return StepOutcome::finished(json::object{{"ok", true}});
}

}  // namespace

class MagentoConnector final : public sdk::PlatformConnector {
 public:
  MagentoConnector() : PlatformConnector(make_manifest()) {}

 private:
  StepOutcome probe(const StepInput& in) const override { return mage::probe(in); }
  StepOutcome read(const StepInput& in) const override {
    return in.state.empty() ? start_read(in) : continue_read(in);
  }
  // Adobe Commerce has webhooks (a paid module); Open Source, what the connector speaks to, not.
  StepOutcome write(const StepInput& in) const override { return write_step(in); }
  StepOutcome webhook_admin(const StepInput&) const override {
    return StepOutcome::fail(ConnectorErrorKind::unsupported,
                             "Magento Open Source has no webhooks; its changes are polled.");
  }
};

// Registration at static initialisation; it cannot fail short of running out of memory.
CARTGATE_REGISTER_CONNECTOR(MagentoConnector);  // NOLINT(cert-err58-cpp)

}  // namespace cartgate::mage
