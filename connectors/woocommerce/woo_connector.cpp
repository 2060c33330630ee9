// The WooCommerce connector: REST API v3 (/wp-json/wc/v3), orders, customers and products.
// WooCommerce core has no cart API, so carts are declared unsupported rather than empty.
#include <charconv>

#include <boost/json/value_from.hpp>

#include <cartgate/connector_registration.hpp>
#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/platform_time.hpp>
#include <cartgate/sdk/read_result.hpp>

#include "woo_mapping.hpp"
#include "woo_requests.hpp"
#include "woo_webhook.hpp"

namespace cartgate::woo {

namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kName = "WooCommerce";
constexpr int kMaxPerPage = 100;  // per_page is 1..100 in the CRUD controllers

Manifest make_manifest() {
  Manifest m;
  m.platform = "woocommerce";
  m.display_name = "WooCommerce";
  m.connector_version = "1.0.0";
  m.credentials = {
      {"consumer_key", true, true, "REST API consumer key (ck_...) with read access"},
      {"consumer_secret", true, true, "REST API consumer secret (cs_...)"},
      {"webhook_secret", true, false, "Secret the store's webhooks are signed with"},
  };
  m.settings = {"currency"};
  const std::vector<ReadVerb> all{ReadVerb::list, ReadVerb::info, ReadVerb::count};
  m.entities = {
      {Entity::order, all, {"status"}, "Ordered by creation time; modified_* filters supported."},
      {Entity::customer,
       all,
       {"email"},
       "WooCommerce cannot filter customers by creation or modification time."},
      {Entity::product, all, {"status", "sku"}, "Prices need the store setting 'currency'."},
      {Entity::cart, {}, {}, "WooCommerce core has no cart API."},
  };
  m.events = {
      {EventType::order_add, EventDelivery::webhook, "order.created"},
      {EventType::order_update, EventDelivery::webhook, "order.updated (refunds included)"},
      {EventType::customer_add, EventDelivery::webhook, "customer.created"},
      {EventType::customer_update, EventDelivery::webhook, "customer.updated"},
      {EventType::product_add, EventDelivery::webhook, "product.created"},
      {EventType::product_update, EventDelivery::webhook, "product.updated"},
  };
  m.rate_limit = {RateLimitModel::none, 0, 0, 0};
  m.webhook_signature = WebhookSignature::hmac_sha256_base64;
  m.max_page_size = kMaxPerPage;
  return m;
}

std::string_view collection(Entity e) {
  switch (e) {
    case Entity::order:
      return "orders";
    case Entity::customer:
      return "customers";
    case Entity::product:
      return "products";
    case Entity::cart:
      break;
  }
  return "";
}

// WordPress' after/before filters are exclusive; the API's *_from is inclusive and *_to
// exclusive, and times have whole seconds.
std::string inclusive_after(Timestamp from) {
  return sdk::format_naive_utc(from - 1s, 'T');
}
std::string exclusive_before(Timestamp to) {
  return sdk::format_naive_utc(to, 'T');
}

struct ListPlan {
  sdk::QueryParams query;
  std::int64_t offset = 0;
  std::string pin;  // RFC 3339: records created after the scan started are left out
};

// The query for one page, or a failed outcome for filters WooCommerce cannot express.
std::variant<ListPlan, StepOutcome> plan_list(const StepInput& in) {
  const ReadQuery& q = in.call.read;
  ListPlan plan;
  Timestamp pin = sdk::scan_pin(in.env.now);
  if (!q.page_token.empty()) {
    auto state = sdk::decode_page_token(q.page_token);
    const json::value* offset = state ? state->if_contains("offset") : nullptr;
    const json::value* pinned = state ? state->if_contains("pin") : nullptr;
    std::optional<Timestamp> pin_time;
    if (pinned != nullptr && pinned->is_string()) pin_time = parse_rfc3339(pinned->get_string());
    if (offset == nullptr || !offset->is_int64() || offset->get_int64() < 0 || !pin_time) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query, "Malformed page token.");
    }
    plan.offset = offset->get_int64();
    pin = *pin_time;
  }
  plan.pin = format_rfc3339(pin);
  auto& p = plan.query;
  const bool customers = q.entity == Entity::customer;
  if (customers && (q.created_from || q.created_to || q.modified_from || q.modified_to)) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "WooCommerce cannot filter customers by creation or modification "
                             "time.");
  }
  if (customers) {
    // Ids only grow and never change: a stable scan order without a time window.
    p.push_back({"orderby", "id"});
    p.push_back({"order", "asc"});
    p.push_back({"role", "all"});
    if (auto it = q.filters.find("email"); it != q.filters.end())
      p.push_back({"email", it->second});
  } else {
    // Creation order is stable while records change; the pin keeps new records out.
    p.push_back({"orderby", "date"});
    p.push_back({"order", "asc"});
    p.push_back({"dates_are_gmt", "true"});
    if (q.created_from) p.push_back({"after", inclusive_after(*q.created_from)});
    Timestamp before = pin + 1s;
    if (q.created_to && *q.created_to < before) before = *q.created_to;
    p.push_back({"before", exclusive_before(before)});
    if (q.modified_from) p.push_back({"modified_after", inclusive_after(*q.modified_from)});
    if (q.modified_to) p.push_back({"modified_before", exclusive_before(*q.modified_to)});
  }
  if (q.entity == Entity::order) {
    std::string statuses = "any";
    if (auto it = q.filters.find("status"); it != q.filters.end()) {
      statuses.clear();
      std::string_view rest = it->second;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string native = native_order_status(rest.substr(0, comma));
        if (native.empty()) {
          return StepOutcome::fail(
              ConnectorErrorKind::invalid_query,
              "Unknown order status '" + std::string(rest.substr(0, comma)) + "'.");
        }
        statuses += (statuses.empty() ? "" : ",") + native;
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    }
    p.push_back({"status", statuses});
  }
  if (q.entity == Entity::product) {
    if (auto it = q.filters.find("status"); it != q.filters.end()) {
      const std::string& s = it->second;
      const std::string native = s == "active"     ? "publish"
                                 : s == "draft"    ? "draft"
                                 : s == "archived" ? "private"
                                                   : "";
      if (native.empty()) {
        return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                                 "Unknown product status '" + s + "'.");
      }
      p.push_back({"status", native});
    }
    if (auto it = q.filters.find("sku"); it != q.filters.end()) p.push_back({"sku", it->second});
  }
  return plan;
}

std::optional<std::int64_t> header_integer(const HttpResponse& r, std::string_view name) {
  auto v = find_header(r.headers, name);
  if (!v) return std::nullopt;
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < 0) return std::nullopt;
  return out;
}

json::value map_entity(const json::value& raw, const StepInput& in, std::string& error) {
  switch (in.call.read.entity) {
    case Entity::order:
      return sdk::entity_json(map_order(raw, in.store), error);
    case Entity::customer:
      return sdk::entity_json(map_customer(raw, in.store), error);
    default:
      return sdk::entity_json(map_product(raw, in.store), error);
  }
}

StepOutcome start_read(const StepInput& in) {
  const ReadQuery& q = in.call.read;
  const std::string_view route = collection(q.entity);
  if (route.empty()) {
    return StepOutcome::fail(ConnectorErrorKind::unsupported,
                             "WooCommerce core has no cart API: carts cannot be read.");
  }
  if (q.verb == ReadVerb::info) {
    if (!sdk::is_numeric_id(q.id)) {
      return StepOutcome::fail(ConnectorErrorKind::not_found,
                               "WooCommerce ids are numeric; there is no '" + q.id + "'.");
    }
    return StepOutcome::need({get(in.store, in.env, std::string(route) + "/" + q.id, {})}, "read");
  }
  auto plan = plan_list(in);
  if (auto* failed = std::get_if<StepOutcome>(&plan)) return std::move(*failed);
  auto& p = std::get<ListPlan>(plan);
  const int per_page = q.verb == ReadVerb::count ? 1 : std::clamp(q.page_size, 1, kMaxPerPage);
  p.query.push_back({"per_page", std::to_string(per_page)});
  p.query.push_back({"offset", std::to_string(q.verb == ReadVerb::count ? 0 : p.offset)});
  json::object state{{"offset", p.offset}, {"pin", p.pin}};
  return StepOutcome::need({get(in.store, in.env, route, p.query)}, sdk::encode_page_token(state));
}

StepOutcome finish_read(const StepInput& in) {
  if (in.responses.size() != 1) return sdk::malformed(kName, "expected one answer");
  const HttpResponse& r = in.responses.front();
  if (auto failed = sdk::failure_for_status(r, kName)) return std::move(*failed);
  const ReadQuery& q = in.call.read;
  const auto total = header_integer(r, "X-WP-Total");
  if (q.verb == ReadVerb::count) {
    if (!total) return sdk::malformed(kName, "no X-WP-Total header");
    return StepOutcome::finished(sdk::count_result(*total));
  }
  auto body = sdk::parse_platform_json(r.body);
  if (!body) return sdk::malformed(kName, "the body is not JSON");
  if (q.verb == ReadVerb::info) {
    std::string error;
    auto item = map_entity(*body, in, error);
    if (!error.empty()) return sdk::malformed(kName, error);
    return StepOutcome::finished(
        json::object{{"item", std::move(item)}, {"raw", std::move(*body)}});
  }
  if (!body->is_array()) return sdk::malformed(kName, "a list answer is not an array");
  json::array items, raw;
  for (auto& element : body->get_array()) {
    std::string error;
    auto item = map_entity(element, in, error);
    if (!error.empty()) return sdk::malformed(kName, error);
    items.push_back(std::move(item));
    raw.push_back(std::move(element));
  }
  auto state = sdk::decode_page_token(in.state);
  const std::int64_t offset = state ? state->at("offset").as_int64() : 0;
  const std::int64_t next = offset + static_cast<std::int64_t>(items.size());
  std::optional<std::string> next_token;
  const int per_page = std::clamp(q.page_size, 1, kMaxPerPage);
  if (static_cast<int>(items.size()) == per_page && (!total || next < *total)) {
    (*state)["offset"] = next;
    next_token = sdk::encode_page_token(*state);
  }
  return StepOutcome::finished(
      sdk::list_result(std::move(items), std::move(raw), std::move(next_token), total));
}

StepOutcome probe(const StepInput& in) {
  if (in.state.empty()) {
    return StepOutcome::need({get(in.store, in.env, "orders", {{"per_page", "1"}})}, "probe");
  }
  if (in.responses.size() != 1) return sdk::malformed(kName, "expected one answer");
  if (auto failed = sdk::failure_for_status(in.responses.front(), kName)) {
    return std::move(*failed);
  }
  return StepOutcome::finished(json::object{{"ok", true}});
}

}  // namespace

class WooCommerceConnector final : public Connector {
 public:
  const Manifest& manifest() const override { return manifest_; }

  StepOutcome step(const StepInput& in) const override {
    switch (in.call.kind) {
      case CallKind::probe:
        return probe(in);
      case CallKind::read:
        return in.state.empty() ? start_read(in) : finish_read(in);
      default:
        return StepOutcome::fail(ConnectorErrorKind::unsupported,
                                 "WooCommerce webhook management is not available yet.");
    }
  }

  WebhookResult handle_webhook(const WebhookDelivery& delivery) const override {
    return verify_and_parse(delivery);
  }

 private:
  Manifest manifest_ = make_manifest();
};

// Registration at static initialisation; it cannot fail short of running out of memory.
CARTGATE_REGISTER_CONNECTOR(WooCommerceConnector);  // NOLINT(cert-err58-cpp)

}  // namespace cartgate::woo
