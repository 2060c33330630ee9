#pragma once
// The write API's requests, validated: each operation's parameters read into the one shape the
// write runner and the connectors take. Nothing here touches the store or Redis.

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "api/params.hpp"

namespace cartgate::api {

// One write, validated: what the connector is asked to do.
struct WriteRequest {
  std::string operation;
  std::string entity;  // what the operation changes: "order", ...
  std::string store_id;
  std::string id;          // the entity's: the order's, the product's
  std::string variant_id;  // product.variant.update: which of the product's variants
  boost::json::object changes;
  // A write that adds an entity has no id yet: what names the new one until the platform gives
  // it an id (customer.add: the e-mail address, lower-cased). Empty for changes.
  std::string creation_key;
};

/// The request as the Idempotency-Key's record knows it: a repeat must ask for the same write.
std::string fingerprint(const WriteRequest& w);

/// The write API's operations, by name: what a batch job may run.
bool is_write_operation(std::string_view operation);

/// `operation`'s parameters read by its reader below (an unknown operation is a 400).
ApiResult<WriteRequest> read_write_request(std::string_view operation, const Params& p);

/// order.update: `status` (normalized, settable ones only) and/or `note`.
ApiResult<WriteRequest> read_order_update(const Params& p);

/// order.shipment.add: `line_items` ([{id, quantity}], at most 250, each line once; absent:
/// everything not yet shipped), `tracking_number`, `carrier`, `tracking_url` (http or https)
/// and `notify_customer`. The changes always hold `line_items` (null for everything).
ApiResult<WriteRequest> read_order_shipment_add(const Params& p);

/// product.update: `price` and `compare_at_price` (decimal strings, at most 4 decimals; the
/// compare-at above the price; null compare_at_price ends a sale), `status` (active, draft,
/// archived) and `stock_quantity` (0 to 10^9, for a product sold without variants).
ApiResult<WriteRequest> read_product_update(const Params& p);

/// product.variant.update: `product_id` and the variant's `id` (as product.info lists them),
/// with `price`, `compare_at_price` and `stock_quantity` as product.update takes them. The write
/// changes the product (its events, its marks), so the request's `id` is the product's and the
/// variant is `variant_id`.
ApiResult<WriteRequest> read_product_variant_update(const Params& p);

/// customer.update: `first_name`, `last_name`, `email` (trimmed; none of them empty) and
/// `phone` (trimmed; "" removes it), none with control characters; `email_marketing`:
/// "subscribed" (consent given) or "unsubscribed" (withdrawn).
ApiResult<WriteRequest> read_customer_update(const Params& p);

/// customer.add: `email` (required) with `first_name`, `last_name` and `phone` as
/// customer.update reads them (an empty phone is left out). No id: the creation key is the
/// lower-cased address.
ApiResult<WriteRequest> read_customer_add(const Params& p);

}  // namespace cartgate::api
