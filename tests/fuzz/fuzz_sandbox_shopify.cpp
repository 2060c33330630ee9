// Untrusted from the sandbox's side: GraphQL documents and search strings a connector under test
// sends to the Shopify emulation. Parsing, preparing and costing must end in a result or an error.
// An input that starts with byte 0x01 is instead fulfillmentCreate's arguments (JSON) against a
// populated store: it must end in a payload, and one with userErrors must leave the orders as
// they were. An input that starts with byte 0x02 is {"field": a product write, a hold or
// customerUpdate or customerCreate, "args": {...}}: a refused write (userErrors, or a null field
// with an error) must leave the products, the orders' holds and the customers as they were.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <tuple>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/json/parse.hpp>

#include "graphql/graphql.hpp"
#include "platforms/shopify/shop_customer_writes.hpp"
#include "platforms/shopify/shop_fulfillments.hpp"
#include "platforms/shopify/shop_holds.hpp"
#include "platforms/shopify/shop_product_writes.hpp"
#include "platforms/shopify/shop_search.hpp"
#include "sandbox_store.hpp"

namespace {

// The dispatcher the mutation announces through: the store has no hooks, so nothing is sent.
struct Dispatch {
  boost::asio::io_context io;
  boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
  sandbox::Dispatcher dispatcher{io.get_executor(), tls, 1.0};
};

void fulfill(std::string_view arguments) {
  static Dispatch d;
  boost::system::error_code ec;
  const auto args = boost::json::parse(arguments, ec);
  if (ec || !args.is_object()) return;
  sandbox::Store& store = cartgate::fuzz::sandbox_store(sandbox::Platform::shopify);
  const auto before = store.orders;
  sandbox::graphql::Selection field;
  field.name = "fulfillmentCreate";
  std::vector<sandbox::graphql::Error> errors;
  const auto payload = sandbox::shop::fulfillment_mutation(
      store, d.dispatcher, field, args.as_object(), {"write_merchant_managed_fulfillment_orders"},
      sandbox::Time{} + std::chrono::hours(1), errors);
  if (!payload || !payload->is_object()) std::abort();
  const auto& user_errors = payload->as_object().at("userErrors").as_array();
  if (user_errors.empty()) return;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const auto& was = before[i];
    const auto& is = store.orders[i];
    if (is.shipments.size() != was.shipments.size() ||
        is.fulfilled_quantity != was.fulfilled_quantity || is.state != was.state ||
        is.updated != was.updated) {
      std::abort();
    }
  }
}

// What a product write may change, as one comparable tuple per product.
auto product_state(const sandbox::Product& p) {
  std::vector<std::tuple<std::int64_t, std::optional<std::int64_t>, std::int64_t>> variants;
  for (const auto& v : p.variants)
    variants.emplace_back(v.price, v.compare_at, v.stock);
  return std::make_tuple(p.name, p.price, p.compare_at, p.stock, p.status, p.manage_stock,
                         p.updated, variants);
}

auto hold_state(const sandbox::Order& o) {
  std::vector<std::int64_t> holds;
  for (const auto& h : o.app_holds)
    holds.push_back(h.id);
  return std::make_tuple(o.state, o.hold_before, o.updated, holds);
}

auto customer_state(const sandbox::Customer& c) {
  return std::make_tuple(c.email, c.first_name, c.last_name, c.phone, c.updated);
}

void write_product(std::string_view input) {
  static Dispatch d;
  boost::system::error_code ec;
  const auto request = boost::json::parse(input, ec);
  if (ec || !request.is_object()) return;
  const auto* field = request.as_object().if_contains("field");
  const auto* args = request.as_object().if_contains("args");
  if (field == nullptr || !field->is_string() || args == nullptr || !args->is_object()) return;
  sandbox::Store& store = cartgate::fuzz::sandbox_store(sandbox::Platform::shopify);
  std::vector<decltype(product_state(sandbox::Product{}))> before;
  for (const auto& p : store.products)
    before.push_back(product_state(p));
  std::vector<decltype(hold_state(sandbox::Order{}))> orders_before;
  for (const auto& o : store.orders)
    orders_before.push_back(hold_state(o));
  std::vector<decltype(customer_state(sandbox::Customer{}))> customers_before;
  for (const auto& c : store.customers)
    customers_before.push_back(customer_state(c));
  sandbox::graphql::Selection selection;
  selection.name = std::string(field->get_string());
  std::vector<sandbox::graphql::Error> errors;
  const std::vector<std::string> scopes{"write_products", "write_inventory",
                                        "write_merchant_managed_fulfillment_orders",
                                        "write_customers"};
  const auto now = sandbox::Time{} + std::chrono::hours(1);
  auto payload = sandbox::shop::product_mutation(store, d.dispatcher, selection, args->get_object(),
                                                 scopes, now, errors);
  if (!payload) {
    payload = sandbox::shop::hold_mutation(store, d.dispatcher, selection, args->get_object(),
                                           scopes, now, errors);
  }
  if (!payload) {
    payload = sandbox::shop::customer_mutation(store, d.dispatcher, selection, args->get_object(),
                                               scopes, now, errors);
  }
  if (!payload) return;
  const bool refused =
      payload->is_null() || !payload->as_object().at("userErrors").as_array().empty();
  if (payload->is_null() != !errors.empty()) std::abort();
  if (!refused) return;
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (product_state(store.products[i]) != before[i]) std::abort();
  }
  for (std::size_t i = 0; i < orders_before.size(); ++i) {
    if (hold_state(store.orders[i]) != orders_before[i]) std::abort();
  }
  if (store.customers.size() != customers_before.size()) std::abort();  // none added
  for (std::size_t i = 0; i < customers_before.size(); ++i) {
    if (customer_state(store.customers[i]) != customers_before[i]) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace graphql = sandbox::graphql;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!text.empty() && text.front() == '\x01') {
    fulfill(text.substr(1));
    return 0;
  }
  if (!text.empty() && text.front() == '\x02') {
    write_product(text.substr(1));
    return 0;
  }
  const auto search = sandbox::shop::parse_query(text);
  (void)sandbox::shop::matches(search, [](const std::string&) { return "2024-01-01T00:00:00Z"; });
  graphql::Error error;
  const auto doc = graphql::parse(text, error);
  if (!doc) return 0;
  for (const auto& op : doc->operations) {
    if (const auto request = graphql::prepare(*doc, op.name, {}, error)) {
      (void)graphql::cost(request->operation->selections, *request);
    }
  }
  return 0;
}
