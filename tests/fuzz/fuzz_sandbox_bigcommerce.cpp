// Untrusted from the sandbox's side: the bodies a connector under test PUTs to the BigCommerce
// emulation's orders or products or POSTs to their shipments. The first byte picks the entity
// (bit 0: one that exists, or none) and the write (bit 1: a shipment, bit 2: a product
// update, bit 3: a variant update, bit 4: a customer update, or with bit 5 new customers, with
// bit 6 an address write); the
// rest is the body. Every input must end in an answer, and a refused write must leave the order,
// product or customers as they were (refused new customers add none).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "platforms/bigcommerce/bc_customer_writes.hpp"
#include "platforms/bigcommerce/bc_product_writes.hpp"
#include "platforms/bigcommerce/bc_shipments.hpp"
#include "platforms/bigcommerce/bc_writes.hpp"
#include "sandbox_store.hpp"

namespace {

// The dispatcher the writes announce through: the store has no hooks, so nothing is sent.
struct Dispatch {
  boost::asio::io_context io;
  boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
  sandbox::Dispatcher dispatcher{io.get_executor(), tls, 1.0};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static Dispatch d;
  sandbox::Store& store = cartgate::fuzz::sandbox_store(sandbox::Platform::bigcommerce);
  const bool exists = data[0] % 2 == 0;
  const bool shipment = (data[0] & 2) != 0;
  cartgate::http::Request request;
  request.method = shipment ? "POST" : "PUT";
  request.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto now = sandbox::Time{} + std::chrono::hours(1);
  if ((data[0] & 80) == 80) {  // PUT or (bit 1) POST /v3/customers/addresses
    request.method = shipment ? "POST" : "PUT";
    const std::vector<sandbox::Customer> before = store.customers;
    const auto answer = sandbox::bc::write_addresses(store, request, now);
    const auto same_billing = [](const sandbox::Customer& a, const sandbox::Customer& b) {
      return a.billing.line1 == b.billing.line1 && a.billing.city == b.billing.city &&
             a.billing.postcode == b.billing.postcode && a.billing.phone == b.billing.phone &&
             a.updated == b.updated;
    };
    if (answer.status >= 400 && !std::equal(before.begin(), before.end(), store.customers.begin(),
                                            store.customers.end(), same_billing)) {
      std::abort();
    }
    return 0;
  }
  if ((data[0] & 48) == 48) {  // POST /v3/customers: a list of new customers
    request.method = "POST";
    const std::size_t before = store.customers.size();
    const auto answer =
        sandbox::bc::create_customers(store, request, "http://fuzz", d.dispatcher, now);
    if (answer.status >= 400 && store.customers.size() != before) std::abort();
    return 0;
  }
  if ((data[0] & 16) != 0) {  // PUT /v3/customers: the body names the customers itself
    const std::vector<sandbox::Customer> before = store.customers;
    const auto answer =
        sandbox::bc::update_customers(store, request, "http://fuzz", d.dispatcher, now);
    if (answer.status >= 400) {
      const bool same = std::equal(
          before.begin(), before.end(), store.customers.begin(), store.customers.end(),
          [](const sandbox::Customer& a, const sandbox::Customer& b) {
            return a.email == b.email && a.first_name == b.first_name &&
                   a.last_name == b.last_name && a.phone == b.phone && a.updated == b.updated;
          });
      if (!same) std::abort();
    }
    return 0;
  }
  if ((data[0] & 8) != 0) {
    sandbox::Product* product = nullptr;
    for (auto& p : store.products) {
      if (!p.variants.empty() && product == nullptr) product = &p;
    }
    if (product == nullptr) {  // the generated products may have no options: give one some
      product = &store.products.back();
      product->variants.push_back(
          {product->id * 100 + 1, product->sku + "-1", "Size 1", product->price, {}, 0});
    }
    const sandbox::Variant before = product->variants.front();
    const auto answer = sandbox::bc::update_variant(store, request, product->id,
                                                    exists ? before.id : 999999, d.dispatcher, now);
    const sandbox::Variant& after = product->variants.front();
    if (answer.status >= 400 &&
        (after.price != before.price || after.compare_at != before.compare_at ||
         after.stock != before.stock)) {
      std::abort();
    }
    return 0;
  }
  if ((data[0] & 4) != 0) {
    const sandbox::Product before = store.products.front();
    const auto answer = sandbox::bc::update_product(store, request, exists ? before.id : 999999,
                                                    true, "http://fuzz", d.dispatcher, now);
    const sandbox::Product& after = store.products.front();
    if (answer.status >= 400 &&
        (after.price != before.price || after.compare_at != before.compare_at ||
         after.stock != before.stock || after.status != before.status ||
         after.manage_stock != before.manage_stock)) {
      std::abort();
    }
    return 0;
  }
  const std::int64_t id = exists ? store.orders.front().id : 999999;
  const sandbox::Order before = store.orders.front();
  const auto answer =
      shipment ? sandbox::bc::create_shipment(store, request, id, "http://fuzz", d.dispatcher, now)
               : sandbox::bc::update_order(store, request, id, "http://fuzz", d.dispatcher, now);
  if (answer.status >= 400) {
    const sandbox::Order& after = store.orders.front();
    if (after.state != before.state || after.staff_notes != before.staff_notes ||
        after.bc_status_id != before.bc_status_id || after.updated != before.updated ||
        after.shipments.size() != before.shipments.size() ||
        after.fulfilled_quantity != before.fulfilled_quantity) {
      std::abort();
    }
  }
  return 0;
}
