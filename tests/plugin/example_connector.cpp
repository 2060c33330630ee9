// A tiny connector for a made-up platform, "example", built as a plugin. It exists to test the
// plugin ABI from outside: this file is compiled once in-tree and once out-of-tree against the
// installed headers and SDK (tests/plugin/CMakeLists.txt), and loaded by the gateway.
//
// The "example" platform: GET {base}/orders?page=N with header X-Example-Token answers
// {"orders":[{"id":1,"total":"9.99","currency":"EUR","email":"A@B.C","updated":"…"}],"next":2};
// webhooks carry X-Example-Signature = base64(HMAC-SHA256(api_token, body)).
#include <boost/json.hpp>

#include <cartgate/plugin_export.hpp>
#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/crypto.hpp>

namespace example {

using namespace cartgate;
namespace json = boost::json;

class ExampleConnector final : public Connector {
 public:
  ExampleConnector() {
    manifest_.platform = "example";
    manifest_.display_name = "Example platform (test fixture)";
    manifest_.connector_version = "1.0.0";
    manifest_.credentials = {{"api_token", true, true, "Token sent as X-Example-Token"},
                             {"shop_label", false, false, "A label shown as is"}};
    manifest_.settings = {"currency"};
    manifest_.entities = {{Entity::order, {ReadVerb::list}, {"status"}, ""}};
    manifest_.events = {{EventType::order_add, EventDelivery::webhook, ""},
                        {EventType::order_update, EventDelivery::poll, "every 5 minutes"}};
    manifest_.rate_limit = {RateLimitModel::fixed_window, 100, 0, 10'000};
    manifest_.webhook_signature = WebhookSignature::hmac_sha256_base64;
    manifest_.max_page_size = 25;
  }

  const Manifest& manifest() const override { return manifest_; }

  StepOutcome step(const StepInput& in) const override {
    const auto token = in.store.credentials.find("api_token");
    if (token == in.store.credentials.end()) {
      return StepOutcome::fail(ConnectorErrorKind::bad_credentials, "api_token is missing");
    }
    if (in.call.kind == CallKind::probe) {
      if (in.responses.empty()) return StepOutcome::need({get(in, "/ping", token->second)});
      if (in.responses[0].status == 401) {
        return StepOutcome::fail(ConnectorErrorKind::bad_credentials, "token refused", 401);
      }
      return StepOutcome::finished(json::object{{"ok", true}});
    }
    if (in.call.kind != CallKind::read || in.call.read.entity != Entity::order) {
      return StepOutcome::fail(ConnectorErrorKind::unsupported, "only order.list");
    }
    if (in.responses.empty()) {
      const std::string page = in.call.read.page_token.empty() ? "1" : in.call.read.page_token;
      return StepOutcome::need({get(in, "/orders?page=" + page, token->second)}, "page=" + page);
    }
    return map_orders(in);
  }

  WebhookResult handle_webhook(const WebhookDelivery& d) const override {
    WebhookResult r;
    const auto token = d.store.credentials.find("api_token");
    const auto signature = find_header(d.headers, "X-Example-Signature");
    if (token == d.store.credentials.end() || !signature ||
        !sdk::constant_time_equal(*signature,
                                  sdk::base64_encode(sdk::hmac_sha256(token->second, d.body)))) {
      r.reason = "bad signature";
      return r;
    }
    boost::system::error_code ec;
    auto body = json::parse(d.body, ec);
    if (ec || !body.is_object() || !body.as_object().contains("id")) {
      r.reason = "malformed body";
      return r;
    }
    r.verdict = WebhookVerdict::accepted;
    WebhookChange change;
    change.type = EventType::order_add;
    change.entity_id = json::serialize(body.as_object().at("id"));
    change.dedupe_id = std::string(find_header(d.headers, "X-Example-Delivery").value_or(""));
    r.changes.push_back(std::move(change));
    return r;
  }

 private:
  static HttpRequest get(const StepInput& in, const std::string& path, const std::string& token) {
    HttpRequest req;
    req.url = in.store.base_url + path;
    req.headers = {{"X-Example-Token", token}, {"Accept", "application/json"}};
    return req;
  }

  StepOutcome map_orders(const StepInput& in) const {
    const HttpResponse& res = in.responses[0];
    if (res.status == 401) return StepOutcome::fail(ConnectorErrorKind::bad_credentials, "", 401);
    if (res.status != 200) {
      return StepOutcome::fail(ConnectorErrorKind::upstream_error, "upstream error", res.status);
    }
    boost::system::error_code ec;
    auto body = json::parse(res.body, ec);
    if (ec || !body.is_object() || !body.as_object().contains("orders")) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_response, "not an orders page");
    }
    json::array items;
    for (const auto& o : body.as_object().at("orders").as_array()) {
      const auto& obj = o.as_object();
      Order order;
      order.id = json::serialize(obj.at("id"));
      order.store_id = in.store.store_id;
      order.platform = "example";
      order.updated_at = order.created_at =
          parse_rfc3339(obj.at("updated").as_string()).value_or(Timestamp{});
      order.number = order.id;
      order.native_status = "open";
      order.currency = std::string(obj.at("currency").as_string());
      auto total = parse_money(obj.at("total").as_string(), order.currency);
      if (!total) return StepOutcome::fail(ConnectorErrorKind::invalid_response, "bad total");
      order.totals = {Money{0, order.currency},
                      Money{0, order.currency},
                      Money{0, order.currency},
                      Money{0, order.currency},
                      *total,
                      Money{0, order.currency}};
      order.identity.email = normalize_email(obj.at("email").as_string());
      items.push_back(json::value_from(order));
    }
    const auto* next = body.as_object().if_contains("next");
    json::value token = nullptr;
    if (next != nullptr && next->is_int64()) token = std::to_string(next->as_int64());
    StepOutcome out = StepOutcome::finished(
        json::object{{"items", std::move(items)}, {"next_page_token", token}, {"total", nullptr}});
    out.observations.push_back({});
    if (auto left = find_header(res.headers, "X-Example-Left")) {
      out.observations[0].remaining = std::stod(std::string(*left));
    }
    return out;
  }

  Manifest manifest_;
};

}  // namespace example

CARTGATE_EXPORT_PLUGIN(example::ExampleConnector)
