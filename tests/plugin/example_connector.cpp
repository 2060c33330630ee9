// A tiny connector for a made-up platform, "example", built as a plugin. It exists to test the
// plugin ABI from outside: this file is compiled once in-tree and once out-of-tree against the
// installed headers and SDK (tests/plugin/CMakeLists.txt), and loaded by the gateway. It keeps
// the rules of docs/writing-a-connector.md, with the SDK pieces a plugin author has: the
// connector base (sdk::PlatformConnector), exact JSON (sdk::parse_platform_json), lenient
// field readers that record what is missing (sdk::Fields, sdk::read_header), status mapping
// (sdk::failure_for_status) and validated page tokens.
//
// The "example" platform: GET {base}/orders?page=N[&status=S][&updated_since=T] with header
// X-Example-Token answers
// {"orders":[{"id":1,"total":"9.99","currency":"EUR","email":"A@B.C","updated":"…"}],"next":2};
// it filters by one status and by "updated since" (inclusive), and by no other date: the
// manifest says so, and the gateway applies the other bounds itself and polls with this one.
// webhooks carry X-Example-Signature = base64(HMAC-SHA256(api_token, body)).
#include <cstdlib>
#include <optional>
#include <string>
#include <variant>

#include <boost/json.hpp>

#include <cartgate/plugin_export.hpp>
#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/crypto.hpp>
#include <cartgate/sdk/entity_fields.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/platform_connector.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/url.hpp>

namespace example {

using namespace cartgate;
namespace json = boost::json;

constexpr std::string_view kPlatform = "example";
constexpr std::string_view kName = "The example platform";
// Orders carry one date, their last change: it is their creation date too.
constexpr sdk::HeaderKeys kHeader{"id", "updated", "updated", parse_rfc3339};

Manifest make_manifest() {
  Manifest m;
  m.platform = std::string(kPlatform);
  m.display_name = "Example platform (test fixture)";
  m.connector_version = "1.0.0";
  m.credentials = {{"api_token", true, true, "Token sent as X-Example-Token"},
                   {"shop_label", false, false, "A label shown as is"}};
  m.settings = {"currency"};
  m.entities = {{Entity::order, {ReadVerb::list}, {"status"}, "", {DateBound::modified_from}}};
  m.events = {{EventType::order_add, EventDelivery::webhook, ""},
              {EventType::order_update, EventDelivery::poll, "every 5 minutes"}};
  m.rate_limit = {RateLimitModel::fixed_window, 100, 0, 10'000};
  m.webhook_signature = WebhookSignature::hmac_sha256_base64;
  m.max_page_size = 25;
  return m;
}

std::optional<std::string> token_of(const StoreContext& store) {
  const auto token = store.credentials.find("api_token");
  if (token == store.credentials.end() || token->second.empty()) return std::nullopt;
  return token->second;
}

HttpRequest get(const StoreContext& store, const std::string& path, const std::string& token) {
  HttpRequest req;
  req.url = store.base_url + path;
  req.headers = {{"X-Example-Token", token}, {"Accept", "application/json"}};
  return req;
}

StepOutcome no_token() {
  return StepOutcome::fail(ConnectorErrorKind::bad_credentials, "api_token is missing");
}

// One order of a page; the reason when it cannot be mapped.
std::variant<Order, std::string> map_order(const json::value& raw, const StoreContext& store) {
  sdk::Fields f(&raw, "order");
  Order order;
  sdk::read_header(order, f, kHeader, kPlatform, store);
  if (!order.id.empty()) f = sdk::Fields(&raw, "order " + order.id);  // names it in errors
  order.number = order.id;
  order.native_status = "open";
  order.currency = f.required_text("currency");
  const Money total = f.required_money("total", order.currency);
  if (!f.error().empty()) return f.error();
  const Money zero = sdk::zero_money(order.currency);
  order.totals = {zero, zero, zero, zero, total, zero};
  if (auto email = f.text("email")) order.identity.email = normalize_email(*email);
  return order;
}

StepOutcome map_orders(const StepInput& in) {
  const HttpResponse& res = in.responses.front();
  auto body = sdk::json_answer(res, kName, "the orders page", in.call.storage);
  if (!body) return std::move(body.error());
  const auto* page = body->if_object();
  const auto* orders = page != nullptr ? page->if_contains("orders") : nullptr;
  if (orders == nullptr || !orders->is_array()) return sdk::malformed(kName, "not an orders page");
  json::array items;
  for (const auto& raw : orders->get_array()) {
    auto mapped = map_order(raw, in.store);
    if (const auto* reason = std::get_if<std::string>(&mapped))
      return sdk::malformed(kName, *reason);
    items.push_back(json::value_from(std::get<Order>(mapped)));
  }
  std::optional<std::string> next;
  if (const auto* n = page->if_contains("next");
      n != nullptr && n->is_int64() && n->get_int64() > 0)
    next = std::to_string(n->get_int64());
  StepOutcome out = StepOutcome::finished(
      sdk::list_result(std::move(items), json::array(), std::move(next), std::nullopt));
  if (auto left = find_header(res.headers, "X-Example-Left")) {
    const std::string text(*left);
    char* end = nullptr;
    const double remaining = std::strtod(text.c_str(), &end);
    if (end != text.c_str() && *end == '\0') {  // a header that is not a number says nothing
      out.observations.push_back({});
      out.observations[0].remaining = remaining;
    }
  }
  return out;
}

class ExampleConnector final : public sdk::PlatformConnector {
 public:
  ExampleConnector() : PlatformConnector(make_manifest()) {}

  WebhookResult handle_webhook(const WebhookDelivery& d) const override {
    WebhookResult r;
    const auto token = token_of(d.store);
    const auto signature = find_header(d.headers, "X-Example-Signature");
    if (!token || !signature ||
        !sdk::constant_time_equal(*signature,
                                  sdk::base64_encode(sdk::hmac_sha256(*token, d.body)))) {
      r.reason = "bad signature";
      return r;
    }
    auto body = sdk::parse_platform_json(d.body);
    const auto* id = body && body->is_object() ? body->get_object().if_contains("id") : nullptr;
    auto entity_id = id != nullptr ? sdk::id_text(*id) : std::nullopt;
    if (!entity_id) {
      r.verdict = WebhookVerdict::malformed;
      r.reason = "the body has no order id";
      return r;
    }
    r.verdict = WebhookVerdict::accepted;
    WebhookChange change;
    change.type = EventType::order_add;
    change.entity_id = std::move(*entity_id);
    change.dedupe_id = std::string(find_header(d.headers, "X-Example-Delivery").value_or(""));
    r.changes.push_back(std::move(change));
    return r;
  }

 private:
  StepOutcome probe(const StepInput& in) const override {
    const auto token = token_of(in.store);
    if (!token) return no_token();
    if (in.responses.empty()) return StepOutcome::need({get(in.store, "/ping", *token)});
    if (auto failed = sdk::failure_for_status(in.responses.front(), kName)) {
      return std::move(*failed);
    }
    return StepOutcome::finished(json::object{{"ok", true}});
  }

  StepOutcome read(const StepInput& in) const override {
    const auto token = token_of(in.store);
    if (!token) return no_token();
    if (in.call.read.entity != Entity::order || in.call.read.verb != ReadVerb::list) {
      return StepOutcome::fail(ConnectorErrorKind::unsupported, "only order.list");
    }
    if (in.responses.empty()) {
      // The page token is this connector's own ("2", "3", …), but it is input all the same.
      const std::string& page = in.call.read.page_token.empty() ? "1" : in.call.read.page_token;
      if (!sdk::is_numeric_id(page) || page.size() > 9) {
        return StepOutcome::fail(ConnectorErrorKind::invalid_query, "not a page of this store");
      }
      // Only what the manifest declares arrives here; each is sent on to the platform.
      sdk::QueryParams query{{"page", page}};
      const ReadQuery& q = in.call.read;
      if (auto status = q.filters.find("status"); status != q.filters.end()) {
        query.push_back({"status", status->second});
      }
      if (q.modified_from) query.push_back({"updated_since", format_rfc3339(*q.modified_from)});
      return StepOutcome::need({get(in.store, "/orders?" + sdk::encode_query(query), *token)},
                               "page=" + page);
    }
    return map_orders(in);
  }
};

}  // namespace example

CARTGATE_EXPORT_PLUGIN(example::ExampleConnector)
