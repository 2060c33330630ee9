// Customer writes as the GraphQL Admin API (2025-10) takes them, from shopify.dev's reference
// (mutations/customerUpdate and customerCreate, input-objects/CustomerInput, their payloads):
//  - customerUpdate(input: CustomerInput!): {customer, userErrors [UserError {field,
//    message}]}; the input names the customer by `id`, and an unknown one is a user error on
//    that field ("Customer does not exist");
//  - CustomerInput: firstName, lastName, email (unique in the shop), phone ("A unique phone
//    number for the customer. Formatted using E.164 standard ... To remove the phone number,
//    specify null."); a field the input type does not define is a top-level INVALID_VARIABLE
//    error and nothing runs;
//  - customerCreate(input: CustomerInput!): {customer, userErrors}; "A name, phone number, or
//    email address must be present" without any of them; the same checks of the address and
//    the phone as customerUpdate; a new customer fires customers/create;
//  - customerEmailMarketingConsentUpdate(input: {customerId, emailMarketingConsent:
//    {marketingState, marketingOptInLevel, consentUpdatedAt}}): customerUpdate takes no
//    consent for a customer that exists (a user error sends the caller here); customerCreate
//    takes it in its input. The states a caller may set are SUBSCRIBED, UNSUBSCRIBED and
//    PENDING (NOT_SUBSCRIBED, REDACTED and INVALID are Shopify's own: an INCLUSION user error);
//  - customerAddressCreate(customerId, address: MailingAddressInput!, setAsDefault) and
//    customerAddressUpdate(customerId, addressId, address, setAsDefault): {address, userErrors};
//    customerCreate takes `addresses` (the first one the default). The texts of their user
//    errors ("Country is invalid", "Phone is invalid", "Address does not exist") are our
//    reading;
//  - the writes need write_customers; an update fires customers/update.
// The sandbox's reading of "formatted using E.164": a leading + and 8 to 15 digits, with
// spaces, dashes, dots and brackets between them taken and dropped, is stored as +<digits>;
// anything else is "Phone is invalid". Names longer than 255 characters, as the Admin's
// customer form refuses them, are "is too long (maximum is 255 characters)".
#include "platforms/shopify/shop_customer_writes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <tuple>

#include <cartgate/http_message.hpp>

#include "common/params.hpp"
#include "control/change_events.hpp"
#include "platforms/shopify/shop_render.hpp"
#include "platforms/shopify/shop_writes.hpp"

namespace sandbox::shop {

namespace json = boost::json;

namespace {

constexpr std::size_t kMostNameLength = 255;
constexpr std::string_view kUpdatePayload = "CustomerUpdatePayload";
constexpr std::string_view kCreatePayload = "CustomerCreatePayload";
constexpr std::string_view kConsentPayload = "CustomerEmailMarketingConsentUpdatePayload";
constexpr std::string_view kAddressCreatePayload = "CustomerAddressCreatePayload";
constexpr std::string_view kAddressUpdatePayload = "CustomerAddressUpdatePayload";

// CustomerInput fields the sandbox does not model: taken by Shopify, refused here so a test
// cannot believe it changed them.
constexpr std::array<std::string_view, 8> kUnmodelled{
    "locale", "metafields", "multipassIdentifier", "note", "smsMarketingConsent",
    "tags",   "taxExempt",  "taxExemptions"};

// "+44 20 7946 0958" as Shopify stores it, "+442079460958"; nullopt when it is no such number.
std::optional<std::string> e164(std::string_view phone) {
  if (phone.empty() || phone.front() != '+') return std::nullopt;
  std::string out = "+";
  for (char c : phone.substr(1)) {
    if (c >= '0' && c <= '9') {
      out.push_back(c);
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  if (out.size() < 9 || out.size() > 16 || out[1] == '0') return std::nullopt;
  return out;
}

// A payload refusing the write: its entity (the customer, or an address mutation's address)
// null, with one user error.
json::object refused(std::string_view payload, json::array field, const std::string& message) {
  return json::object{
      {"__typename", payload},
      {payload.starts_with("CustomerAddress") ? "address" : "customer", nullptr},
      {"userErrors", json::array{user_error("UserError", std::move(field), message)}}};
}

Customer* customer_of(Store& store, const json::value* id) {
  const auto shown = gid_number(id, "Customer");
  for (auto& c : store.customers) {
    if (shown && sid(Kind::customer, c.id) == *shown) return &c;
  }
  return nullptr;
}

constexpr std::array<std::string_view, 6> kMarketingStates{
    "SUBSCRIBED", "NOT_SUBSCRIBED", "PENDING", "UNSUBSCRIBED", "REDACTED", "INVALID"};
constexpr std::array<std::string_view, 3> kOptInLevels{"SINGLE_OPT_IN", "CONFIRMED_OPT_IN",
                                                       "UNKNOWN"};

// What coercion finds wrong with an EmailMarketingConsentInput value ({marketingState,
// marketingOptInLevel?, consentUpdatedAt?}), or nullopt.
std::optional<std::string> consent_refused(const json::value& value) {
  const auto* o = value.if_object();
  if (o == nullptr) return std::string("marketingState (Expected value to not be null)");
  const auto* state = o->if_contains("marketingState");
  if (state == nullptr || !state->is_string() ||
      std::find(kMarketingStates.begin(), kMarketingStates.end(), state->get_string()) ==
          kMarketingStates.end()) {
    return std::string("marketingState (Expected a CustomerEmailMarketingState)");
  }
  for (const auto& [key, field] : *o) {
    if (key == "marketingState" || key == "consentUpdatedAt") continue;
    if (key != "marketingOptInLevel") return std::string(key) + " (Field is not defined)";
    if (!field.is_null() &&
        (!field.is_string() || std::find(kOptInLevels.begin(), kOptInLevels.end(),
                                         field.get_string()) == kOptInLevels.end())) {
      return std::string("marketingOptInLevel (Expected a CustomerMarketingOptInLevel)");
    }
  }
  return std::nullopt;
}

// A coerced consent's state, as the sandbox keeps it: "SUBSCRIBED" is "subscribed".
std::string kept_state(const json::value& consent) {
  std::string state(consent.at("marketingState").as_string());
  for (char& c : state)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return state;
}

// The input type's coercion, which comes first: an undefined or unmodelled field runs nothing.
// The refusal to answer with (null, its error in `errors`), or nullopt.
std::optional<json::value> coercion_refused(const graphql::Selection& s, const json::object& input,
                                            std::vector<graphql::Error>& errors) {
  for (const auto& [key, value] : input) {
    if (std::find(kUnmodelled.begin(), kUnmodelled.end(), key) != kUnmodelled.end()) {
      return input_refused(s, errors, "The sandbox does not model customer " + std::string(key));
    }
    const bool text = key == "firstName" || key == "lastName" || key == "email" || key == "phone";
    if (key == "addresses") {
      if (!value.is_array()) {
        return input_refused(s, errors,
                             "Variable $input of type CustomerInput! was provided invalid value "
                             "for addresses (Expected value to be a list)");
      }
      continue;
    }
    if (key == "emailMarketingConsent") {
      if (auto why = consent_refused(value)) {
        return input_refused(s, errors,
                             "Variable $input of type CustomerInput! was provided invalid value "
                             "for emailMarketingConsent." +
                                 *why);
      }
      continue;
    }
    if (key != "id" && !text) {
      return input_refused(s, errors,
                           "Variable $input of type CustomerInput! was provided invalid value "
                           "for " +
                               std::string(key) + " (Field is not defined on CustomerInput)");
    }
    if (text && !value.is_string() && !value.is_null()) {
      return input_refused(s, errors,
                           "Variable $input of type CustomerInput! was provided invalid value "
                           "for " +
                               std::string(key) + " (Could not coerce value to String)");
    }
  }
  return std::nullopt;
}

// The input's names, address and phone applied to `next` (the customer saved, id 0 when new),
// or the payload (of type `payload`) refusing them.
std::optional<json::object> apply_input(const Store& store, const json::object& input,
                                        Customer& next, std::string_view payload) {
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const auto* v = input.if_contains(key);
    if (v == nullptr) return std::nullopt;
    return v->is_string() ? std::string(v->get_string()) : std::string();
  };
  for (const auto& [key, label, slot] : {std::tuple{"firstName", "First name", &next.first_name},
                                         std::tuple{"lastName", "Last name", &next.last_name}}) {
    if (auto v = text(key)) {
      if (v->size() > kMostNameLength) {
        return refused(payload, json::array{key},
                       std::string(label) + " is too long (maximum is 255 characters)");
      }
      *slot = *v;
    }
  }
  if (auto email = text("email")) {
    if (!plausible_email(*email)) return refused(payload, json::array{"email"}, "Email is invalid");
    for (const auto& other : store.customers) {
      if (other.id != next.id && cartgate::iequals(other.email, *email)) {
        return refused(payload, json::array{"email"}, "Email has already been taken");
      }
    }
    next.email = *email;
  }
  if (auto phone = text("phone")) {
    if (!phone->empty()) {
      auto stored = e164(*phone);
      if (!stored) return refused(payload, json::array{"phone"}, "Phone is invalid");
      for (const auto& other : store.customers) {
        if (other.id != next.id && other.phone == *stored) {
          return refused(payload, json::array{"phone"}, "Phone has already been taken");
        }
      }
      *phone = *stored;
    }
    next.phone = *phone;  // null: removed
  }
  return std::nullopt;
}

const json::object* input_of(const json::object& args) {
  const auto* given = args.if_contains("input");
  return given != nullptr && given->is_object() ? &given->get_object() : nullptr;
}

// MailingAddressInput fields, applied to `into`; a user error (of `payload`, at `path` + the
// field) for what Shopify refuses: a country that is no ISO code, a phone it cannot read as
// E.164. nullopt when taken.
std::optional<json::object> take_address(const json::value& sent, Address& into,
                                         std::string_view payload, json::array path) {
  const auto* o = sent.if_object();
  const auto at = [&](const char* field) {
    json::array p = path;
    p.emplace_back(field);
    return p;
  };
  if (o == nullptr) return refused(payload, path, "Address is invalid");
  Address next;
  const std::array<std::pair<const char*, std::string Address::*>, 9> fields{
      {{"firstName", &Address::first_name},
       {"lastName", &Address::last_name},
       {"company", &Address::company},
       {"address1", &Address::line1},
       {"address2", &Address::line2},
       {"city", &Address::city},
       {"provinceCode", &Address::region_code},
       {"zip", &Address::postcode},
       {"countryCode", &Address::country}}};
  for (const auto& [key, member] : fields) {
    const auto* v = o->if_contains(key);
    if (v != nullptr && v->is_string()) next.*member = v->get_string();
  }
  const std::string& country = next.country;
  const bool code = country.size() == 2 && std::all_of(country.begin(), country.end(),
                                                       [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!code) return refused(payload, at("countryCode"), "Country is invalid");
  if (const auto* phone = o->if_contains("phone");
      phone != nullptr && phone->is_string() && !phone->get_string().empty()) {
    auto stored = e164(phone->get_string());
    if (!stored) return refused(payload, at("phone"), "Phone is invalid");
    next.phone = *stored;
  }
  next.region = next.region_code;  // the sandbox names no province: its code stands for it
  into = std::move(next);
  return std::nullopt;
}

json::value customer_update(Store& store, Dispatcher& dispatcher, const graphql::Selection& s,
                            const json::object& args, Time now,
                            std::vector<graphql::Error>& errors) {
  const json::object* input = input_of(args);
  if (input == nullptr)
    return input_refused(s, errors, "Field 'customerUpdate' is missing its input");
  if (auto refusal = coercion_refused(s, *input, errors)) return std::move(*refusal);
  Customer* customer = customer_of(store, input->if_contains("id"));
  if (customer == nullptr) {
    return refused(kUpdatePayload, json::array{"id"}, "Customer does not exist");
  }
  if (input->contains("addresses")) {
    return input_refused(s, errors,
                         "The sandbox does not model customer addresses in customerUpdate");
  }
  if (input->contains("emailMarketingConsent")) {
    return refused(kUpdatePayload, json::array{"emailMarketingConsent"},
                   "To update emailMarketingConsent, please use the "
                   "customerEmailMarketingConsentUpdate Mutation instead");
  }
  Customer next = *customer;
  if (auto refusal = apply_input(store, *input, next, kUpdatePayload)) return std::move(*refusal);
  next.updated = now;
  *customer = std::move(next);
  ChangeContext changed{store, dispatcher, "", now};
  entity_changed(changed, "customer", "updated", customer->id);
  return json::object{{"__typename", kUpdatePayload},
                      {"customer", customer_node(store, *customer)},
                      {"userErrors", json::array{}}};
}

json::value customer_create(Store& store, Dispatcher& dispatcher, const graphql::Selection& s,
                            const json::object& args, Time now,
                            std::vector<graphql::Error>& errors) {
  const json::object* input = input_of(args);
  if (input == nullptr)
    return input_refused(s, errors, "Field 'customerCreate' is missing its input");
  if (auto refusal = coercion_refused(s, *input, errors)) return std::move(*refusal);
  if (input->contains("id")) {
    return input_refused(s, errors, "The sandbox does not model customerCreate with an id");
  }
  const auto given = [&](const char* key) {
    const auto* v = input->if_contains(key);
    return v != nullptr && v->is_string() && !v->get_string().empty();
  };
  if (!given("email") && !given("phone") && !given("firstName") && !given("lastName")) {
    return refused(kCreatePayload, json::array{},
                   "A name, phone number, or email address must be present");
  }
  Customer next;
  if (auto refusal = apply_input(store, *input, next, kCreatePayload)) return std::move(*refusal);
  if (const auto* consent = input->if_contains("emailMarketingConsent")) {
    next.email_marketing = kept_state(*consent);
  }
  if (const auto* addresses = input->if_contains("addresses")) {
    const json::array& list = addresses->get_array();
    if (list.size() > 1)
      return input_refused(s, errors, "The sandbox keeps one address per customer");
    if (!list.empty()) {
      if (auto refusal = take_address(list.front(), next.billing, kCreatePayload,
                                      json::array{"addresses", "0"})) {
        return std::move(*refusal);
      }
    }
  }
  next.id = store.next_customer_id++;
  next.created = next.updated = now;
  store.customers.push_back(std::move(next));
  const Customer& added = store.customers.back();
  ChangeContext changed{store, dispatcher, "", now};
  entity_changed(changed, "customer", "created", added.id);
  return json::object{{"__typename", kCreatePayload},
                      {"customer", customer_node(store, added)},
                      {"userErrors", json::array{}}};
}

json::value consent_update(Store& store, Dispatcher& dispatcher, const graphql::Selection& s,
                           const json::object& args, Time now,
                           std::vector<graphql::Error>& errors) {
  const json::object* input = input_of(args);
  if (input == nullptr) {
    return input_refused(s, errors,
                         "Field 'customerEmailMarketingConsentUpdate' is missing its input");
  }
  for (const auto& [key, value] : *input) {
    if (key != "customerId" && key != "emailMarketingConsent") {
      return input_refused(s, errors,
                           "Variable $input of type CustomerEmailMarketingConsentUpdateInput! "
                           "was provided invalid value for " +
                               std::string(key) + " (Field is not defined)");
    }
  }
  const auto* consent = input->if_contains("emailMarketingConsent");
  if (consent == nullptr) {
    return input_refused(s, errors,
                         "Variable $input of type CustomerEmailMarketingConsentUpdateInput! was "
                         "provided invalid value for emailMarketingConsent (Expected value to "
                         "not be null)");
  }
  if (auto why = consent_refused(*consent)) {
    return input_refused(s, errors,
                         "Variable $input of type CustomerEmailMarketingConsentUpdateInput! was "
                         "provided invalid value for emailMarketingConsent." +
                             *why);
  }
  Customer* customer = customer_of(store, input->if_contains("customerId"));
  const auto refusal = [](json::array field, const std::string& message, const char* code) {
    return json::object{
        {"__typename", kConsentPayload},
        {"customer", nullptr},
        {"userErrors", json::array{user_error("CustomerEmailMarketingConsentUpdateUserError",
                                              std::move(field), message, json::value(code))}}};
  };
  if (customer == nullptr) {
    return refusal(json::array{"input", "customerId"}, "Customer not found", "INVALID");
  }
  const std::string state = kept_state(*consent);
  // A customer is never set back to "never asked", and the other two are Shopify's own.
  if (state == "not_subscribed" || state == "redacted" || state == "invalid") {
    return refusal(json::array{"input", "emailMarketingConsent", "marketingState"},
                   "Marketing state is not included in the list", "INCLUSION");
  }
  if (customer->email_marketing != state) {
    customer->email_marketing = state;
    customer->updated = now;
    ChangeContext changed{store, dispatcher, "", now};
    entity_changed(changed, "customer", "updated", customer->id);
  }
  return json::object{{"__typename", kConsentPayload},
                      {"customer", customer_node(store, *customer)},
                      {"userErrors", json::array{}}};
}

json::value address_write(Store& store, Dispatcher& dispatcher, const graphql::Selection& s,
                          const json::object& args, Time now, std::vector<graphql::Error>& errors) {
  const bool creating = s.name == "customerAddressCreate";
  const std::string_view payload = creating ? kAddressCreatePayload : kAddressUpdatePayload;
  const auto* address = args.if_contains("address");
  if (address == nullptr || !address->is_object()) {
    return input_refused(s, errors,
                         "Variable $address of type MailingAddressInput! was provided invalid "
                         "value (Expected value to not be null)");
  }
  Customer* customer = customer_of(store, args.if_contains("customerId"));
  if (customer == nullptr)
    return refused(payload, json::array{"customerId"}, "Customer does not exist");
  if (!creating) {
    const auto* id = args.if_contains("addressId");
    const bool ours = id != nullptr && id->is_string() && !customer->billing.line1.empty() &&
                      id->get_string() == customer_address_gid(*customer);
    if (!ours) return refused(payload, json::array{"addressId"}, "Address does not exist");
  } else if (!customer->billing.line1.empty()) {
    return input_refused(s, errors, "The sandbox keeps one address per customer");
  }
  Address next;
  if (auto refusal = take_address(*address, next, payload, json::array{"address"})) {
    return std::move(*refusal);
  }
  customer->billing = std::move(next);
  customer->updated = now;
  ChangeContext changed{store, dispatcher, "", now};
  entity_changed(changed, "customer", "updated", customer->id);
  return json::object{{"__typename", payload},
                      {"address", customer_address_node(*customer)},
                      {"userErrors", json::array{}}};
}

}  // namespace

std::optional<json::value> customer_mutation(Store& store, Dispatcher& dispatcher,
                                             const graphql::Selection& s, const json::object& args,
                                             const std::vector<std::string>& scopes, Time now,
                                             std::vector<graphql::Error>& errors) {
  if (s.name != "customerUpdate" && s.name != "customerCreate" &&
      s.name != "customerEmailMarketingConsentUpdate" && s.name != "customerAddressCreate" &&
      s.name != "customerAddressUpdate") {
    return std::nullopt;
  }
  if (!holds_scope(scopes, "write_customers")) {
    errors.push_back(access_denied(s, "`write_customers` access scope."));
    return json::value(nullptr);
  }
  if (s.name == "customerCreate") return customer_create(store, dispatcher, s, args, now, errors);
  if (s.name == "customerEmailMarketingConsentUpdate") {
    return consent_update(store, dispatcher, s, args, now, errors);
  }
  if (s.name == "customerAddressCreate" || s.name == "customerAddressUpdate") {
    return address_write(store, dispatcher, s, args, now, errors);
  }
  return customer_update(store, dispatcher, s, args, now, errors);
}

std::optional<json::value> customer_mutation_shape(const Store& store, const std::string& field) {
  const bool consent = field == "customerEmailMarketingConsentUpdate";
  const bool address = field == "customerAddressCreate" || field == "customerAddressUpdate";
  if (field != "customerUpdate" && field != "customerCreate" && !consent && !address) {
    return std::nullopt;
  }
  // A customer's node names its own fields only when the store holds it: fill them in, with an
  // address (a customer made without one has none).
  Customer sample;
  sample.billing.line1 = "-";
  json::object customer = customer_node(store, sample);
  for (const char* name : {"email", "firstName", "lastName", "phone"})
    customer[name] = "";
  if (address) {
    return json::object{
        {"__typename",
         field == "customerAddressCreate" ? kAddressCreatePayload : kAddressUpdatePayload},
        {"address", customer_address_node(sample)},
        {"userErrors", json::array{user_error("UserError", json::array{"address"}, "")}}};
  }
  const std::string_view payload = consent                     ? kConsentPayload
                                   : field == "customerCreate" ? kCreatePayload
                                                               : kUpdatePayload;
  json::object error = consent ? user_error("CustomerEmailMarketingConsentUpdateUserError",
                                            json::array{"input"}, "", json::value("INVALID"))
                               : user_error("UserError", json::array{"id"}, "");
  return json::object{{"__typename", payload},
                      {"customer", std::move(customer)},
                      {"userErrors", json::array{std::move(error)}}};
}

}  // namespace sandbox::shop
