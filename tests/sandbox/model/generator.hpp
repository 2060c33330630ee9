#pragma once
// Deterministic store contents: the same seed and sizes give the same data, byte for byte.
// Realistic enough to exercise mappings: guests and registered buyers, several currencies and
// countries, unicode names, coupons, taxes, shipping, refunds, cancellations, long orders.

#include "model/rng.hpp"
#include "model/store.hpp"

namespace sandbox {

struct Sizes {
  int customers = 40;
  int products = 25;
  int orders = 120;
  int carts = 10;
};

/// Fills `store` (empty) with data dated in the 90 days before `epoch`.
void populate(Store& store, Rng rng, const Sizes& sizes, Time epoch);

/// A new order for `store` as a shopper would place it now (control API, benchmarks).
/// A new order; `line_count` 0 draws the basket size (mostly 1–4 lines, now and then 20–40).
Order make_order(Store& store, Rng& rng, Time now, int line_count = 0);

/// A new storefront cart with one to three lines, owned by a customer or anonymous.
Cart make_cart(Store& store, Rng& rng, Time now);

/// One more line for a cart, drawn from the catalogue.
Line make_cart_line(Store& store, Rng& rng);

/// The tax rate (1/100 %) a cart is estimated at before checkout: the buyer's shipping
/// country when the cart has a known customer, else the store's default tax destination (the
/// first place, in the US, as Magento's tax/defaults/country is by default).
int cart_tax_basis_points(const Store& store, const Cart& cart);

/// The order a cart becomes at checkout: the cart's lines and buyer, taxes of the destination.
Order order_from_cart(Store& store, Rng& rng, const Cart& cart, Time now);

}  // namespace sandbox
