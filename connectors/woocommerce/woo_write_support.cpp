#include "woo_write_support.hpp"

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/platform_time.hpp>
#include <cartgate/sdk/write_params.hpp>

namespace cartgate::woo {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "WooCommerce";

}  // namespace

// A refused write, with what WooCommerce said: its WP_Error {"code","message"} bodies carry
// the reason (an invalid parameter, a read-only key), which the caller needs to fix the write.
StepOutcome refused_write(const HttpResponse& r) {
  std::string code, message;
  if (auto body = sdk::parse_platform_json(r.body); body && body->is_object()) {
    const auto& o = body->get_object();
    if (const auto* c = o.if_contains("code"); c != nullptr && c->is_string())
      code = c->get_string();
    if (const auto* m = o.if_contains("message"); m != nullptr && m->is_string()) {
      message = std::string(m->get_string()).substr(0, 500);
    }
  }
  // Updating an id that is no order (or product) is a 400 in
  // WC_REST_CRUD_Controller::update_item; a customer's is a 404 wc_user_invalid_id from the
  // customers controller's permission check (Users::get_user_in_current_site).
  const bool product = code == "woocommerce_rest_product_invalid_id";
  const bool customer = code == "wc_user_invalid_id" || code == "woocommerce_rest_invalid_id";
  if (r.status == 404 || product || customer || code == "woocommerce_rest_shop_order_invalid_id" ||
      code == "woocommerce_rest_order_invalid_id") {
    const char* what = product ? "product" : customer ? "customer" : "order";
    return StepOutcome::fail(ConnectorErrorKind::not_found,
                             std::string("WooCommerce has no such ") + what + ".", r.status);
  }
  const std::string said =
      message.empty() ? std::string() : ": " + message + (code.empty() ? "" : " (" + code + ")");
  if (r.status == 401 || r.status == 403) {
    // A read-only key is refused with 401 by WC_REST_Authentication::check_permissions.
    const bool permission = message.find("permission") != std::string::npos;
    return StepOutcome::fail(permission || r.status == 403 ? ConnectorErrorKind::forbidden
                                                           : ConnectorErrorKind::bad_credentials,
                             "WooCommerce refused the write" + said + ".", r.status);
  }
  if (r.status >= 400 && r.status < 500 && r.status != 429) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "WooCommerce rejected the write" + said + ".", r.status);
  }
  return std::move(*sdk::failure_for_status(r, kName));
}

// Whether the notes answer holds `text` created at or after `since` (less the clock skew).
bool holds_note(const HttpResponse& r, const std::string& text, std::optional<Timestamp> since) {
  auto body = sdk::parse_platform_json(r.body);
  if (!body || !body->is_array()) return false;
  for (const auto& n : body->get_array()) {
    const auto* o = n.if_object();
    if (o == nullptr) continue;
    const auto* note = o->if_contains("note");
    const auto* created = o->if_contains("date_created_gmt");
    if (note == nullptr || !note->is_string() || note->get_string() != text) continue;
    const auto at = created != nullptr && created->is_string()
                        ? sdk::parse_naive_utc(created->get_string())
                        : std::nullopt;
    if (sdk::may_be_the_attempts(at, since)) return true;
  }
  return false;
}

}  // namespace cartgate::woo
