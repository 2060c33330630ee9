// Order writes as WooCommerce answers them. Sources (woocommerce/woocommerce, plugins/woocommerce):
//  - includes/class-wc-rest-authentication.php, check_permissions(): a key without write
//    permission gets 401 woocommerce_rest_authentication_error before anything else runs;
//  - includes/rest-api/Controllers/Version3/class-wc-rest-crud-controller.php, update_item():
//    an unknown id is 400 "Invalid ID." (404 only for reads);
//  - includes/rest-api/Controllers/Version2/class-wc-rest-orders-v2-controller.php,
//    save_object(): other fields first, the status last, then one save, which fires
//    woocommerce_update_order (the order.updated webhook) whether or not anything changed;
//    meta_data entries go through WC_Data::update_meta_data() (includes/abstracts/
//    abstract-wc-data.php);
//    get_order_statuses() is the status enum WordPress validates against;
//  - includes/rest-api/Controllers/Version1/class-wc-rest-order-notes-v1-controller.php (and its
//    V2 subclass): notes are created with 201, listed newest first, 404 "Invalid order ID."; a
//    note is a comment, so adding one saves no order and fires no webhook.
#include "platforms/woocommerce/woo_writes.hpp"

#include <algorithm>
#include <array>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cartgate/schema/money.hpp>

#include "common/format.hpp"
#include "common/params.hpp"
#include "control/order_transitions.hpp"
#include "platforms/woocommerce/woo_reply.hpp"

namespace sandbox::woo {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

// get_order_statuses(): "auto-draft" and wc_get_order_statuses() without the "wc-" prefix.
constexpr std::array<std::string_view, 9> kStatusEnum{"auto-draft", "pending",   "processing",
                                                      "on-hold",    "completed", "cancelled",
                                                      "refunded",   "failed",    "checkout-draft"};

std::string enum_message() {
  // WordPress lists an enum with wp_sprintf_l(): "a, b, and c".
  std::string list;
  for (std::size_t i = 0; i < kStatusEnum.size(); ++i) {
    if (i > 0) list += i + 1 == kStatusEnum.size() ? ", and " : ", ";
    list += kStatusEnum[i];
  }
  return "status is not one of " + list + ".";
}

bool parse_id(std::string_view s, std::int64_t& out) {
  return parse_int(s, out) && out > 0;
}

json::object render_note(const OrderNote& n, int utc_offset_minutes) {
  return json::object{{"id", n.id},
                      {"author", n.author},
                      {"date_created", iso_local(n.created, utc_offset_minutes)},
                      {"date_created_gmt", iso_local(n.created)},
                      {"note", n.text},
                      {"customer_note", n.customer_note}};
}

// meta_data as WordPress validates it against the orders schema: a list of objects whose key,
// if there, is a string (the value may be anything).
std::optional<Response> meta_data_refusal(const json::value& meta) {
  if (!meta.is_array()) return invalid_param("meta_data", "meta_data is not of type array.");
  for (std::size_t i = 0; i < meta.get_array().size(); ++i) {
    const std::string at = "meta_data[" + std::to_string(i) + "]";
    const auto* entry = meta.get_array()[i].if_object();
    if (entry == nullptr) return invalid_param("meta_data", at + " is not of type object.");
    const auto* key = entry->if_contains("key");
    if (key != nullptr && !key->is_string()) {
      return invalid_param("meta_data", at + "[key] is not of type string.");
    }
    const auto* meta_id = entry->if_contains("id");
    if (meta_id != nullptr && !meta_id->is_int64()) {
      return invalid_param("meta_data", at + "[id] is not of type integer.");
    }
  }
  return std::nullopt;
}

// WC_REST_Orders_V2_Controller::prepare_object_for_database() calls
// WC_Data::update_meta_data(key, value, id) for each entry: with an id, the entry with that id
// is rewritten (none: a new one is added); without, the first entry with the key is and the
// others with it are dropped (their values nulled, which save_meta_data() deletes), or a new
// one is added. An entry without a key is skipped (PHP reads a null key, which WordPress does
// not store). Whether anything changed.
bool update_meta(Store& store, Order& order, const json::array& entries) {
  bool changed = false;
  for (const auto& v : entries) {
    const auto& e = v.get_object();
    const auto* key_value = e.if_contains("key");
    if (key_value == nullptr) continue;
    const std::string key(key_value->get_string());
    const std::string value =
        json::serialize(e.contains("value") ? e.at("value") : json::value(nullptr));
    auto& meta = order.meta;
    auto at = meta.end();
    if (const auto* meta_id = e.if_contains("id")) {
      at = std::find_if(meta.begin(), meta.end(),
                        [&](const MetaEntry& m) { return m.id == meta_id->get_int64(); });
    } else {
      at = std::find_if(meta.begin(), meta.end(), [&](const MetaEntry& m) { return m.key == key; });
      if (at != meta.end()) {
        const std::int64_t kept = at->id;
        changed |= std::erase_if(
                       meta, [&](const MetaEntry& m) { return m.key == key && m.id != kept; }) > 0;
        at = std::find_if(meta.begin(), meta.end(),
                          [&](const MetaEntry& m) { return m.id == kept; });
      }
    }
    if (at == meta.end()) {
      meta.push_back(MetaEntry{store.next_meta_id++, key, value});
      changed = true;
    } else if (at->key != key || at->value != value) {
      at->key = key;
      at->value = value;
      changed = true;
    }
  }
  return changed;
}

WriteAnswer update_order(Store& store, const Request& request, std::int64_t id, const Links& links,
                         Time now) {
  json::object params;
  if (auto bad = read_body(request, params)) return {std::move(*bad), std::nullopt};
  // WordPress validates the arguments before the controller looks the order up.
  std::optional<OrderState> to;
  if (const auto* status = params.if_contains("status"); status && !status->is_null()) {
    if (!status->is_string()) {
      return {invalid_param("status", "status is not of type string."), std::nullopt};
    }
    const std::string_view name = status->get_string();
    if (std::find(kStatusEnum.begin(), kStatusEnum.end(), name) == kStatusEnum.end()) {
      return {invalid_param("status", enum_message()), std::nullopt};
    }
    to = status_from(name);
    if (!to) {  // auto-draft, checkout-draft: valid to WooCommerce, not in the sandbox's model
      return {wp_error(501, "sandbox_not_emulated",
                       "The sandbox does not model the " + std::string(name) + " status."),
              std::nullopt};
    }
  }
  const json::value* note = params.if_contains("customer_note");
  if (note != nullptr && !note->is_null() && !note->is_string()) {
    return {invalid_param("customer_note", "customer_note is not of type string."), std::nullopt};
  }
  const json::array* meta = nullptr;
  if (const auto* m = params.if_contains("meta_data"); m != nullptr && !m->is_null()) {
    if (auto bad = meta_data_refusal(*m)) return {std::move(*bad), std::nullopt};
    meta = &m->get_array();
  }
  Order* order = store.find_order(id);
  if (order == nullptr) {
    return {wp_error(400, "woocommerce_rest_shop_order_invalid_id", "Invalid ID."), std::nullopt};
  }
  bool changed = meta != nullptr && update_meta(store, *order, *meta);
  if (note != nullptr && note->is_string() && order->note != note->get_string()) {
    order->note = note->get_string();
    changed = true;
  }
  if (to && *to != order->state) {
    control::apply_transition(*order, *to, now);
    changed = true;
  }
  // The post (and so date_modified) is only rewritten when a field changed; the save still
  // fires woocommerce_update_order.
  if (changed) order->updated = now;
  return {
      reply(200, render_order(store, *order, links, cartgate::minor_unit_digits(store.currency))),
      order->id};
}

WriteAnswer notes(Store& store, const Request& request, std::int64_t order_id,
                  std::string_view note_item, Time now) {
  const Order* found = store.find_order(order_id);
  if (request.method == "GET") {
    if (found == nullptr) {
      return {wp_error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid order ID."),
              std::nullopt};
    }
    if (!note_item.empty()) {
      std::int64_t note_id = 0;
      const bool numeric = parse_id(note_item, note_id);
      const auto it = std::find_if(found->notes.begin(), found->notes.end(),
                                   [&](const OrderNote& n) { return n.id == note_id; });
      if (!numeric || it == found->notes.end()) {
        return {wp_error(404, "woocommerce_rest_invalid_id", "Invalid resource ID."), std::nullopt};
      }
      return {reply(200, render_note(*it, store.utc_offset_minutes)), std::nullopt};
    }
    json::array out;  // get_comments(): newest first
    for (auto it = found->notes.rbegin(); it != found->notes.rend(); ++it) {
      out.push_back(render_note(*it, store.utc_offset_minutes));
    }
    return {reply(200, out), std::nullopt};
  }
  if (!note_item.empty()) return {no_route(), std::nullopt};
  json::object params;
  if (auto bad = read_body(request, params)) return {std::move(*bad), std::nullopt};
  const auto* text = params.if_contains("note");
  if (text == nullptr || text->is_null()) {
    return {wp_error(400, "rest_missing_callback_param", "Missing parameter(s): note",
                     json::object{{"params", json::array{"note"}}}),
            std::nullopt};
  }
  if (!text->is_string())
    return {invalid_param("note", "note is not of type string."), std::nullopt};
  bool customer_note = false;
  if (const auto* c = params.if_contains("customer_note"); c && !c->is_null()) {
    if (!c->is_bool()) {
      return {invalid_param("customer_note", "customer_note is not of type boolean."),
              std::nullopt};
    }
    customer_note = c->get_bool();
  }
  Order* order = store.find_order(order_id);
  if (order == nullptr) {
    return {wp_error(404, "woocommerce_rest_order_invalid_id", "Invalid order ID."), std::nullopt};
  }
  OrderNote note;
  note.id = store.next_note_id++;
  note.text = std::string(text->get_string());
  note.customer_note = customer_note;
  note.author = "WooCommerce";
  note.created = now;
  order->notes.push_back(note);
  return {reply(201, render_note(note, store.utc_offset_minutes)), std::nullopt};
}

}  // namespace

bool is_write_method(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

std::optional<Response> refused_by_key(const Store& store, std::string_view method) {
  const auto it = store.settings.find("key_permissions");
  const std::string permissions = it == store.settings.end() ? "read_write" : it->second;
  if ((method == "GET" || method == "HEAD") && permissions == "write") {
    return wp_error(401, "woocommerce_rest_authentication_error",
                    "The API key provided does not have read permissions.");
  }
  if ((is_write_method(method) || method == "DELETE") && permissions == "read") {
    return wp_error(401, "woocommerce_rest_authentication_error",
                    "The API key provided does not have write permissions.");
  }
  return std::nullopt;
}

std::optional<WriteAnswer> order_write(Store& store, const Request& request,
                                       const std::string& item, const Links& links, Time now) {
  const std::string_view rest = item;
  const auto slash = rest.find('/');
  std::int64_t id = 0;
  if (!parse_id(rest.substr(0, slash), id)) return std::nullopt;
  if (slash == std::string_view::npos) {
    if (!is_write_method(request.method)) return std::nullopt;
    return update_order(store, request, id, links, now);
  }
  const std::string_view tail = rest.substr(slash + 1);
  if (tail != "notes" && !tail.starts_with("notes/")) return std::nullopt;
  if (request.method != "GET" && !is_write_method(request.method)) return std::nullopt;
  return notes(store, request, id, tail == "notes" ? std::string_view() : tail.substr(6), now);
}

}  // namespace sandbox::woo
