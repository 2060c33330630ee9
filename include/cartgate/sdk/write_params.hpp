#pragma once
// A write call's parameters (Call::params of a CallKind::write call) as every connector reads
// them: the operation, the entity's id, the changes, and whether to reconcile an earlier
// attempt. What each change means stays the connector's.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/schema.hpp>

namespace cartgate::sdk {

struct WriteParams {
  std::string id;                                // numeric, safe in a URL path
  const boost::json::object* changes = nullptr;  // into the call's params; never empty
  bool reconcile = false;          // an earlier attempt's outcome is unknown: read back first
  std::optional<Timestamp> since;  // when that attempt began
};

/// The parameters of a write of `operation` on a platform whose ids are numeric, or the outcome
/// to fail with: unsupported for another operation, not_found for an id that is not numeric
/// (no request can name it), invalid_query without changes. `platform` names it in messages.
boost::system::result<WriteParams, StepOutcome> numeric_id_write(const Call& call,
                                                                 std::string_view operation,
                                                                 std::string_view platform);

/// order.update's parameters as every connector reads them: a status in the normalized
/// vocabulary and a merchant note (the gateway has checked both); any other change is refused
/// with invalid_query. What a status means on the platform stays the connector's.
struct OrderUpdateParams : WriteParams {
  std::string status;  // normalized; empty: unchanged
  std::optional<std::string> note;
};
boost::system::result<OrderUpdateParams, StepOutcome> order_update_params(
    const Call& call, std::string_view platform);

/// order.shipment.add's parameters as every connector reads them (the gateway has checked
/// them): which order lines ship and how many of each (none listed: everything not yet
/// shipped), the tracking number, carrier and link, and whether the customer is told.
struct ShippedLine {
  std::string line_item_id;  // an order line's id as order.info gives it
  std::int64_t quantity = 0;
};
struct ShipmentParams : WriteParams {
  std::vector<ShippedLine> lines;  // empty: everything not yet shipped
  std::string tracking_number, carrier, tracking_url;
  std::optional<bool> notify_customer;  // unset: the store's own setting
};
boost::system::result<ShipmentParams, StepOutcome> shipment_params(const Call& call,
                                                                   std::string_view platform);
/// Units per order line id: what a shipment holds, or what the request names.
using LineUnits = std::map<std::string, std::int64_t>;
LineUnits units_by_line(const ShipmentParams& s);

/// order.shipment.add's answer: `shipment` (schema v1 terms: id, order_id, created_at,
/// line_items, tracking_numbers, carrier, tracking_url, notify_customer) with the order's store
/// and platform and `order`: {id, status, fulfillment_status, updated_at} as the shipment left
/// it. The gateway marks that updated_at, so the order's change comes back as one api event.
boost::json::object shipment_answer(boost::json::object shipment, const Order& order);
/// The same from the order as schema JSON (an order.info item).
boost::json::object shipment_answer(boost::json::object shipment, const boost::json::object& order);

/// product.update's parameters as every connector reads them (the gateway has checked them):
/// prices as decimal text in the store's currency, a compare-at price to set or to clear (a
/// sale ends), a normalized status, a stock quantity.
struct ProductUpdateParams : WriteParams {
  std::optional<std::string> price;
  bool compare_at_given = false;
  std::optional<std::string> compare_at_price;  // given and unset: end the sale
  std::string status;                           // active, draft, archived; empty: unchanged
  std::optional<std::int64_t> stock_quantity;
  std::string variant_id;  // product.variant.update: the variant (numeric); the id is the product
};
boost::system::result<ProductUpdateParams, StepOutcome> product_update_params(
    const Call& call, std::string_view platform);
/// product.variant.update's: the same fields but status, and the variant's numeric id.
boost::system::result<ProductUpdateParams, StepOutcome> product_variant_update_params(
    const Call& call, std::string_view platform);

/// customer.update's parameters as every connector reads them (the gateway has checked them:
/// trimmed, no control characters, names and e-mail address not empty): each set when it
/// changes; an empty phone removes the customer's.
struct CustomerUpdateParams : WriteParams {
  std::optional<std::string> first_name, last_name, email, phone;
  std::optional<bool> email_marketing;  // consent given (true) or withdrawn (false)
  // The default address, replaced whole (address1 and country_code always set).
  std::optional<Address> default_address;
};
/// `writes_address`: whether the connector writes default_address; when not, one sent is
/// refused (invalid_query) rather than left unwritten.
boost::system::result<CustomerUpdateParams, StepOutcome> customer_update_params(
    const Call& call, std::string_view platform, bool writes_address = false);
/// customer.add's, in the same shape: no id (the platform gives one), the e-mail address always
/// set, the others when given (the gateway left out an empty phone). `reconcile` says an earlier
/// attempt's outcome is unknown: the connector looks for the customer by that address before
/// creating one (may_be_the_attempts() on its creation time).
boost::system::result<CustomerUpdateParams, StepOutcome> customer_add_params(
    const Call& call, std::string_view platform, bool writes_address = false);

/// A product's prices: what customers pay and, on sale, the price struck through.
struct ProductPrices {
  std::optional<Money> price;  // none: the product has no price yet
  std::optional<Money> compare_at;
};

/// The prices `u` leaves a product that has `now`, in `currency`: a price alone keeps a running
/// sale, `compare_at_price: null` ends one at the price customers pay. A compare-at price not
/// above the price is refused (write_not_possible; `consequence` says what `platform` would do
/// with such a pair), and a price that is not a decimal of the currency is invalid_response.
boost::system::result<ProductPrices, StepOutcome> prices_after(const ProductUpdateParams& u,
                                                               const ProductPrices& now,
                                                               std::string_view currency,
                                                               std::string_view platform,
                                                               std::string_view consequence);

/// A multi-step write's state, as its earlier step recorded it (StepOutcome::need's state): the
/// JSON object and the phase it names under its key.
struct WriteState {
  boost::json::object fields;
  std::string phase;
};
/// How many answers a write step waits for: exactly one, or at least one.
enum class StepAnswers { one, some };
/// The state of a write step that names a phase under `key` and has the answers `expected`, or
/// the failure to end the write with (invalid_response: "lost the write's state").
boost::system::result<WriteState, StepOutcome> write_state(const StepInput& in,
                                                           std::string_view key,
                                                           std::string_view platform,
                                                           StepAnswers expected = StepAnswers::one);
/// The failure of a write step whose state names a phase the connector does not know.
StepOutcome lost_write_state(std::string_view platform);

/// Whether what the store created at `created` may be the earlier attempt's, which began at
/// `since` (nothing known: yes). Five minutes of skew are allowed: the store's clock is not the
/// gateway's.
bool may_be_the_attempts(std::optional<Timestamp> created, std::optional<Timestamp> since);

/// Notes kept in one free-text field (BigCommerce's staff notes, Shopify's order note) are
/// added as paragraphs: `text` with `note` after a blank line (or `note` alone).
std::string with_paragraph(std::string_view text, std::string_view note);
/// Whether `text` holds `note` as a paragraph of its own.
bool holds_paragraph(std::string_view text, std::string_view note);

}  // namespace cartgate::sdk
