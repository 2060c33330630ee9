#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <cartgate/schema/entity_header.hpp>
#include <cartgate/schema/enums.hpp>
#include <cartgate/schema/money.hpp>

namespace cartgate {

struct ProductVariant {
  std::string id;
  std::optional<std::string> sku;
  std::string name;
  std::optional<Money> price;
  std::optional<std::int64_t> inventory_quantity;
  std::optional<Money> compare_at_price;  // the "was" price of a sale; null: not on sale

  friend bool operator==(const ProductVariant&, const ProductVariant&) = default;
};

struct Product : EntityHeader {
  std::string name;
  std::optional<std::string> sku;
  ProductStatus status = ProductStatus::active;
  std::string native_status;
  std::optional<Money> price;                      // the base price; variants may differ
  std::optional<Money> compare_at_price;           // the "was" price of a sale; null: not on sale
  std::optional<std::int64_t> inventory_quantity;  // a product without variants; null: untracked
  std::vector<ProductVariant> variants;

  friend bool operator==(const Product&, const Product&) = default;
};

}  // namespace cartgate
