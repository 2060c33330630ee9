// Order actions as Magento 2.4 carries them out. Sources (magento/magento2):
//  - app/code/Magento/Sales/etc/webapi.xml: the routes and the ACL resource each needs
//    (Magento_Sales::cancel, ::hold, ::unhold, ::comment); an integration without it gets 401
//    "The consumer isn't authorized to access %resources.";
//  - Model/Service/OrderService.php: cancel() answers false, not an error, when
//    Order::canCancel() says no; hold()/unHold() let Order::hold()/unhold() throw
//    ("A hold action is not available.", "You cannot remove the hold.": 400 over REST);
//    addComment() adds the status history and saves the order, answering true;
//  - Model/Order.php: canCancel() is false on hold, in payment review, when every item is
//    invoiced, and once complete, closed or canceled; hold() remembers the state it left,
//    unhold() returns to it; addStatusHistory() sets the order's status to the comment's,
//    to none when the comment has none (magento/magento2#34180, in 2.3 and 2.4 until 2.4.7).
#include "platforms/magento/mage_writes.hpp"

#include <boost/json/parse.hpp>

#include "common/params.hpp"
#include "control/order_transitions.hpp"
#include "platforms/magento/mage_render.hpp"
#include "platforms/magento/mage_reply.hpp"

namespace sandbox::mage {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

bool can_cancel(const Order& o) {
  if (o.state == OrderState::on_hold) return false;
  if (o.paid) return false;  // the sandbox invoices the whole order when it is paid
  return !control::refused_transition(Platform::magento, o, OrderState::cancelled) &&
         o.state != OrderState::cancelled && o.state != OrderState::failed;
}

Response cancel(Order& o, Time now) {
  if (!can_cancel(o)) return reply(200, json::value(false));
  control::apply_transition(o, OrderState::cancelled, now);
  o.updated = now;
  return reply(200, json::value(true));
}

Response hold(Order& o, Time now) {
  // Order::canHold(): not once canceled, in payment review, complete, closed or already held.
  if (o.state == OrderState::on_hold ||
      control::refused_transition(Platform::magento, o, OrderState::on_hold)) {
    return error(400, "A hold action is not available.");
  }
  o.hold_before = o.state;
  control::apply_transition(o, OrderState::on_hold, now);
  o.updated = now;
  return reply(200, json::value(true));
}

Response unhold(Order& o, Time now) {
  if (o.state != OrderState::on_hold) return error(400, "You cannot remove the hold.");
  control::apply_transition(o, o.hold_before.value_or(OrderState::processing), now);
  o.hold_before.reset();
  o.updated = now;
  return reply(200, json::value(true));
}

// The webapi deserializer's refusal of a required parameter that is missing.
Response required(const std::string& field) {
  return error(400, "\"%fieldName\" is required. Enter and try again.",
               json::object{{"fieldName", field}});
}

Response add_comment(Store& store, Order& o, const Request& request, Time now) {
  boost::system::error_code ec;
  const json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) return error(400, "Decoding error.");
  const auto* history = body.as_object().if_contains("statusHistory");
  if (history == nullptr || !history->is_object()) return required("statusHistory");
  const json::object& h = history->as_object();
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const auto* v = h.if_contains(key);
    if (v == nullptr || v->is_null()) return std::string();
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    return std::nullopt;
  };
  const auto flag = [&](const char* key) {
    const auto* v = h.if_contains(key);
    return v != nullptr &&
           ((v->is_bool() && v->get_bool()) || (v->is_int64() && v->get_int64() != 0) ||
            (v->is_string() && v->get_string() != "" && v->get_string() != "0"));
  };
  const auto comment = text("comment");
  const auto status = text("status");
  if (!comment) return error(400, "The \"comment\" value's type is invalid.");
  if (!status) return error(400, "The \"status\" value's type is invalid.");
  OrderNote note;
  note.id = store.next_note_id++;
  note.text = *comment;
  note.customer_note = flag("is_customer_notified");
  note.visible_on_front = flag("is_visible_on_front");
  note.status = *status;
  note.created = now;
  o.notes.push_back(note);
  o.mage_status = CommentStatus{o.state, *status};
  o.updated = now;
  return reply(200, json::value(true));
}

}  // namespace

std::optional<Response> order_action(Store& store, const Request& request, const std::string& path,
                                     Time now) {
  if (request.method != "POST" || !path.starts_with("orders/")) return std::nullopt;
  const std::string rest = path.substr(7);
  const auto slash = rest.find('/');
  if (slash == std::string::npos) return std::nullopt;
  const std::string action = rest.substr(slash + 1);
  static constexpr std::pair<const char*, const char*> kResources[] = {
      {"cancel", "Magento_Sales::cancel"},
      {"hold", "Magento_Sales::hold"},
      {"unhold", "Magento_Sales::unhold"},
      {"comments", "Magento_Sales::comment"}};
  const char* resource = nullptr;
  for (const auto& [name, acl] : kResources) {
    if (action == name) resource = acl;
  }
  if (resource == nullptr) return std::nullopt;
  if (auto refused = denied(store, resource)) return refused;
  std::int64_t id = 0;
  Order* o =
      parse_int(std::string_view(rest).substr(0, slash), id) ? store.find_order(id) : nullptr;
  if (o == nullptr) return not_found_entity();
  if (action == "cancel") return cancel(*o, now);
  if (action == "hold") return hold(*o, now);
  if (action == "unhold") return unhold(*o, now);
  return add_comment(store, *o, request, now);
}

}  // namespace sandbox::mage
