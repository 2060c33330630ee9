// Untrusted from the sandbox's side: the bodies and paths a connector under test writes to the
// WooCommerce emulation. The first byte picks the method and route (0x80 and up: a product
// update, or with 0x20 a customer update, with 0x30 a new customer); the rest is the body.
// Every input must end in an answer, and a refused write must leave the order, product or
// customer as it was (a refused new customer adds none).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "platforms/woocommerce/woo_customer_writes.hpp"
#include "platforms/woocommerce/woo_product_writes.hpp"
#include "platforms/woocommerce/woo_writes.hpp"
#include "sandbox_store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kMethods[] = {"POST", "PUT", "PATCH", "GET"};
  static constexpr const char* kItems[] = {"1", "2", "1/notes", "2/notes/1", "999", "x/notes"};
  sandbox::Store& store = cartgate::fuzz::sandbox_store(sandbox::Platform::woocommerce);
  cartgate::http::Request request;
  request.method = kMethods[data[0] % 4];
  const std::string item = kItems[(data[0] / 4) % 6];
  request.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] >= 0x80 && (data[0] & 0x30) == 0x30) {  // POST customers
    request.method = "POST";
    const std::size_t before = store.customers.size();
    const auto answer = sandbox::woo::customer_create(store, request, {"http://fuzz"},
                                                      sandbox::Time{} + std::chrono::hours(1));
    if (!answer || (answer->response.status >= 400 && store.customers.size() != before) ||
        (answer->response.status == 201 && store.customers.size() != before + 1)) {
      std::abort();
    }
    return 0;
  }
  if (data[0] >= 0x80 && (data[0] & 0x20) != 0) {  // customers/<id>: the first, or none
    const sandbox::Customer before = store.customers.front();
    const std::string id = data[0] & 0x40 ? "999999" : std::to_string(before.id);
    const auto answer = sandbox::woo::customer_write(store, request, id, {"http://fuzz"},
                                                     sandbox::Time{} + std::chrono::hours(1));
    const sandbox::Customer& after = store.customers.front();
    if (answer && answer->response.status >= 400 &&
        (after.email != before.email || after.first_name != before.first_name ||
         after.last_name != before.last_name || after.billing.phone != before.billing.phone ||
         after.updated != before.updated)) {
      std::abort();
    }
    return 0;
  }
  if (data[0] >= 0x80) {  // products/<id>: the first product, or one that is not there
    const sandbox::Product before = store.products.front();
    const std::string id = data[0] & 0x40 ? "999999" : std::to_string(before.id);
    const auto answer = sandbox::woo::product_write(store, request, id, {"http://fuzz"},
                                                    sandbox::Time{} + std::chrono::hours(1));
    const sandbox::Product& after = store.products.front();
    if (answer && answer->response.status >= 400 &&
        (after.price != before.price || after.compare_at != before.compare_at ||
         after.stock != before.stock || after.status != before.status)) {
      std::abort();
    }
    return 0;
  }
  const sandbox::Order before = store.orders.front();
  const auto answer = sandbox::woo::order_write(store, request, item, {"http://fuzz"},
                                                sandbox::Time{} + std::chrono::hours(1));
  if (answer && answer->response.status >= 400 && item == "1") {
    const sandbox::Order& after = store.orders.front();
    const bool same_meta =
        std::equal(after.meta.begin(), after.meta.end(), before.meta.begin(), before.meta.end(),
                   [](const sandbox::MetaEntry& a, const sandbox::MetaEntry& b) {
                     return a.id == b.id && a.key == b.key && a.value == b.value;
                   });
    if (after.state != before.state || after.note != before.note || !same_meta) std::abort();
  }
  return 0;
}
