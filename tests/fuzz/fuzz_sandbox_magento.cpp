// Untrusted from the sandbox's side: the order actions, shipments and product writes a connector
// under test sends to the Magento emulation. The first byte picks the action (bit 5: a customer
// save, with bit 6 a new customer; bit 4: a product write, bit 0 then PUT products/<sku> or
// special-price-delete; else bit 3: order/<id>/ship, else one of four order actions) and the entity
// (one that exists, or none); the rest is the body. Every input must end in an answer, and a
// refused action (an error, or cancel's `false`), shipment, product or customer save must leave
// what it names as it was.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "platforms/magento/mage_customer_writes.hpp"
#include "platforms/magento/mage_product_writes.hpp"
#include "platforms/magento/mage_shipments.hpp"
#include "platforms/magento/mage_writes.hpp"
#include "sandbox_store.hpp"

namespace {

void write_product(std::uint8_t pick, cartgate::http::Request request) {
  sandbox::Store& store = cartgate::fuzz::sandbox_store(sandbox::Platform::magento);
  const sandbox::Product before = store.products.front();
  const bool save = pick % 2 == 0;
  request.method = save ? "PUT" : "POST";
  const std::string sku = (pick / 4) % 2 == 0 ? before.sku : "NOPE";
  const auto answer = sandbox::mage::product_write(
      store, request, save ? "products/" + sku : "products/special-price-delete",
      sandbox::Time{} + std::chrono::hours(1));
  if (!answer) std::abort();  // both are routes
  if (answer->status < 400) return;
  const sandbox::Product& after = store.products.front();
  if (after.price != before.price || after.compare_at != before.compare_at ||
      after.stock != before.stock || after.status != before.status ||
      after.updated != before.updated) {
    std::abort();
  }
}

void add_customer(cartgate::http::Request request) {
  sandbox::Store& store = cartgate::fuzz::sandbox_store(sandbox::Platform::magento);
  const std::size_t before = store.customers.size();
  request.method = "POST";
  const auto answer = sandbox::mage::customer_create(store, request, "customers",
                                                     sandbox::Time{} + std::chrono::hours(1));
  if (!answer) std::abort();  // a route
  if (answer->status >= 400 && store.customers.size() != before) std::abort();
}

void write_customer(std::uint8_t pick, cartgate::http::Request request) {
  sandbox::Store& store = cartgate::fuzz::sandbox_store(sandbox::Platform::magento);
  const sandbox::Customer before = store.customers.front();
  request.method = "PUT";
  const std::string id = (pick / 4) % 2 == 0 ? std::to_string(before.id) : "999999";
  const auto answer = sandbox::mage::customer_write(store, request, "customers/" + id,
                                                    sandbox::Time{} + std::chrono::hours(1));
  if (!answer) std::abort();  // a route
  if (answer->status < 400) return;
  const sandbox::Customer& after = store.customers.front();
  if (after.email != before.email || after.first_name != before.first_name ||
      after.last_name != before.last_name || after.updated != before.updated) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  if ((data[0] / 32) % 2 == 1) {
    cartgate::http::Request request;
    request.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
    if ((data[0] & 64) != 0) {
      add_customer(std::move(request));
    } else {
      write_customer(data[0], std::move(request));
    }
    return 0;
  }
  if ((data[0] / 16) % 2 == 1) {
    cartgate::http::Request request;
    request.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
    write_product(data[0], std::move(request));
    return 0;
  }
  static constexpr const char* kActions[] = {"cancel", "hold", "unhold", "comments"};
  sandbox::Store& store = cartgate::fuzz::sandbox_store(sandbox::Platform::magento);
  const sandbox::Order& first = store.orders.front();
  const std::string id = (data[0] / 4) % 2 == 0 ? std::to_string(first.id) : "999999";
  cartgate::http::Request request;
  request.method = "POST";
  request.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  const sandbox::Order before = first;
  const auto now = sandbox::Time{} + std::chrono::hours(1);
  const bool ship = (data[0] / 8) % 2 == 1;
  const auto answer = ship ? sandbox::mage::ship_order(store, request, "order/" + id + "/ship", now)
                           : sandbox::mage::order_action(
                                 store, request, "orders/" + id + "/" + kActions[data[0] % 4], now);
  if (!answer) std::abort();  // every action is a route
  if (answer->status >= 400 || answer->body == "false") {
    const sandbox::Order& after = store.orders.front();
    if (after.state != before.state || after.notes.size() != before.notes.size() ||
        after.shipments.size() != before.shipments.size() ||
        after.fulfilled_quantity != before.fulfilled_quantity || after.updated != before.updated) {
      std::abort();
    }
  }
  return 0;
}
