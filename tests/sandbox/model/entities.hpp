#pragma once
// The sandbox's platform-neutral data. Each emulated platform renders these in its own shapes
// (field names, id types, date formats, money strings); control-API changes edit them and the
// platform's webhooks report the change.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sandbox {

using Clock = std::chrono::system_clock;
using Time = std::chrono::sys_seconds;

struct Address {
  std::string first_name, last_name, company, line1, line2, city, region, region_code, postcode,
      country;  // ISO 3166-1 alpha-2
  std::string phone;
};

struct Customer {
  std::int64_t id = 0;
  std::string email;
  std::string first_name, last_name, phone;
  // Consent to marketing e-mail, in Shopify's terms (lower case): subscribed, not_subscribed,
  // unsubscribed, pending. BigCommerce and Magento keep a yes or no: subscribed or not.
  std::string email_marketing = "not_subscribed";
  Address billing, shipping;
  Time created{}, updated{};
};

struct Variant {
  std::int64_t id = 0;
  std::string sku, name;
  std::int64_t price = 0;                  // minor units of the store currency
  std::optional<std::int64_t> compare_at;  // on sale: the price before it
  std::int64_t stock = 0;
};

enum class ProductStatus { active, draft, archived };

struct Product {
  std::int64_t id = 0;
  std::string name, sku;
  std::int64_t price = 0;                  // minor units: what a customer pays
  std::optional<std::int64_t> compare_at;  // on sale: the price before it (WooCommerce regular)
  ProductStatus status = ProductStatus::active;
  bool manage_stock = true;  // whether the store counts its stock
  std::int64_t stock = 0;
  std::vector<Variant> variants;
  Time created{}, updated{};
};

struct Line {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::int64_t variant_id = 0;
  std::string sku, name;
  std::int64_t quantity = 0;
  std::int64_t unit_price = 0;  // minor units, before discounts
  std::int64_t discount = 0;    // for the whole line
  std::int64_t tax = 0;         // for the whole line
  std::int64_t shipped = 0;     // units in shipments (or fulfilled when the order completed)
};

// A shipment (BigCommerce), a fulfillment (Shopify), a shipment with its track (Magento): some
// units of some lines handed to a carrier.
struct ShippedUnits {
  std::int64_t line_id = 0;
  std::int64_t quantity = 0;
};
struct Shipment {
  std::int64_t id = 0;
  std::vector<ShippedUnits> lines;
  std::string tracking_number, carrier, tracking_url, method, comments;
  bool customer_notified = false;  // Magento: the shipment e-mail was sent (email_sent)
  bool comments_visible = false;   // Magento: the comment shows in the customer's account
  bool comment_appended = false;   // Magento: the comment went into the e-mail (appendComment)
  Time created{};
};

// A WooCommerce meta entry (WC_Meta_Data): what plugins keep on an order, which WooCommerce
// stores and shows without reading it (the shipment tracking items, for one).
struct MetaEntry {
  std::int64_t id = 0;
  std::string key;
  std::string value;  // the value as JSON text
};

// The order lifecycle in neutral terms; each platform maps it to its own statuses.
enum class OrderState { pending, processing, on_hold, completed, cancelled, refunded, failed };

// A note on an order (a WordPress comment of type order_note): private to the merchant, or shown
// to the customer.
struct OrderNote {
  std::int64_t id = 0;
  std::string text;
  bool customer_note = false;  // shown (WooCommerce) or e-mailed (Magento) to the customer
  std::string author;          // "WooCommerce" unless added by a user
  Time created{};
  // Magento status-history comments: the order status the comment was made with (empty:
  // none), and whether the customer sees it in their account.
  std::string status;
  bool visible_on_front = false;
};

// A Shopify fulfillment hold an app placed on an order's fulfillment order (a merchant's hold
// is the order's on_hold state with no app hold).
struct FulfillmentHold {
  std::int64_t id = 0;
  std::string handle;  // unique among the app's holds on the fulfillment order
};

// A Magento order status set by a status-history comment: Order::addStatusHistory() takes the
// comment's status as the order's, none when the comment had none (magento/magento2#34180).
// Shown while the order stays in the state it was set in.
struct CommentStatus {
  OrderState in = OrderState::pending;
  std::string status;  // empty: the order has no status (the REST answer leaves it out)
};

struct Order {
  std::int64_t id = 0;
  std::string number;
  OrderState state = OrderState::pending;
  bool paid = false;
  std::int64_t fulfilled_quantity = 0;
  std::string currency;
  std::int64_t customer_id = 0;  // 0: guest
  std::string email;
  Address billing, shipping;
  std::vector<Line> lines;
  std::int64_t shipping_total = 0;
  std::int64_t shipping_tax = 0;
  std::int64_t refunded = 0;
  std::string coupon;            // code of the discount, if any
  std::string note;              // the customer's note at checkout
  std::vector<OrderNote> notes;  // newest last
  std::vector<Shipment> shipments;
  std::vector<MetaEntry> meta;  // WooCommerce: the order's meta_data, oldest first
  std::string staff_notes;      // BigCommerce's one free-text field for the merchant's staff
  // A BigCommerce status id set by a write (several ids share one state: 9 and 11 are both
  // processing); shown while the order's state still matches it. -1: derived from the state.
  int bc_status_id = -1;
  std::optional<CommentStatus> mage_status;
  std::optional<OrderState> hold_before;   // Magento and Shopify: the state a hold returns to
  std::vector<FulfillmentHold> app_holds;  // Shopify: the holds apps placed
  std::string cart_id;  // the cart checked out, for orders placed through the control API
  Time created{}, updated{};
  std::optional<Time> paid_at, completed_at, cancelled_at;

  std::int64_t subtotal() const;  // sum of unit_price × quantity
  std::int64_t discount() const;  // sum of line discounts
  std::int64_t line_tax() const;  // sum of line taxes
  std::int64_t total() const;     // subtotal − discount + tax + shipping (+ shipping tax)
  std::int64_t quantity() const;
  const Line* line(std::int64_t line_id) const;
};

// Marks `quantity` units of the order fulfilled, the first lines first (a generated or
// completed order that no shipment call made).
void set_fulfilled(Order& o, std::int64_t quantity);
// Records a shipment whose lines the platform has checked (each in the order, at most what is
// left of it): the lines' shipped units and the order's fulfilled quantity grow.
void add_shipment(Order& o, Shipment s);

enum class CartState { active, abandoned, converted };

struct Cart {
  std::string id;     // UUID (BigCommerce), numeric text (Magento), token (Shopify)
  std::string token;  // the abandoned-cart recovery token (BigCommerce, Shopify)
  std::int64_t customer_id = 0;
  std::string email;
  std::vector<Line> lines;
  CartState state = CartState::active;
  std::int64_t order_id = 0;  // when converted
  Time created{}, updated{};

  std::int64_t subtotal() const;
};

}  // namespace sandbox
