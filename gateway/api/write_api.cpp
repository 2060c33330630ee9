#include "api/write_api.hpp"

#include "api/idempotency.hpp"
#include "api/write_requests.hpp"
#include "api/write_runner.hpp"

namespace cartgate::api {

namespace asio = boost::asio;

namespace {

asio::awaitable<Outcome> write_now(CallContext& c, std::string_view operation) {
  auto request = read_write_request(operation, c.params);
  if (!request) co_return request.error();
  auto key = idempotency_key_header(c.request);
  if (!key) co_return key.error();
  // Named, not braced inside the co_await: GCC 12 miscompiles braced lists there.
  WriteOrigin origin{c.services, c.tenant, c.request.request_id, std::move(*key), c.arena};
  co_return co_await run_write(std::move(origin), std::move(*request));
}

}  // namespace

asio::awaitable<Outcome> order_update(CallContext& c) {
  co_return co_await write_now(c, "order.update");
}

asio::awaitable<Outcome> order_shipment_add(CallContext& c) {
  co_return co_await write_now(c, "order.shipment.add");
}

asio::awaitable<Outcome> product_update(CallContext& c) {
  co_return co_await write_now(c, "product.update");
}

asio::awaitable<Outcome> product_variant_update(CallContext& c) {
  co_return co_await write_now(c, "product.variant.update");
}

asio::awaitable<Outcome> customer_update(CallContext& c) {
  co_return co_await write_now(c, "customer.update");
}

asio::awaitable<Outcome> customer_add(CallContext& c) {
  co_return co_await write_now(c, "customer.add");
}

}  // namespace cartgate::api
