#pragma once
// The populated sandbox store the emulation fuzz targets write to: two customers, two
// products, three orders, as the generator makes them. One platform per fuzz binary.

#include "model/generator.hpp"

namespace cartgate::fuzz {

inline sandbox::Store& sandbox_store(sandbox::Platform platform) {
  static sandbox::Store store;  // holds a mutex: built in place
  static const bool filled = [platform] {
    store.platform = platform;
    store.id = "fuzz";
    store.currency = "USD";
    store.settings["store_id"] = "1001";  // what BigCommerce's webhook payloads name
    store.credentials["client_secret"] = "secret";
    sandbox::populate(store, sandbox::Rng(5), sandbox::Sizes{2, 2, 3, 0}, sandbox::Time{});
    return true;
  }();
  (void)filled;
  return store;
}

}  // namespace cartgate::fuzz
