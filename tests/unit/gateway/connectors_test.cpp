// Unit tests of gateway/connectors: what the registry checks of a manifest.

#include <gtest/gtest.h>

#include "connectors/connector_registry.hpp"

namespace cartgate {
namespace {

TEST(Manifest, ValidationGuardsTheRegistry) {
  Manifest m;
  m.platform = "acme";
  EXPECT_EQ(validate_manifest(m), "");
  m.platform = "Acme";
  EXPECT_NE(validate_manifest(m), "");
  m.platform = "a";
  EXPECT_NE(validate_manifest(m), "");
  m.platform = "acme";
  m.credentials = {{"token", true, true, ""}, {"token", true, true, ""}};
  EXPECT_NE(validate_manifest(m), "");
  m.credentials = {};
  m.max_page_size = 0;
  EXPECT_NE(validate_manifest(m), "");
}

}  // namespace
}  // namespace cartgate
