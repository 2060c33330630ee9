// Unit tests of gateway/log: redaction and escaping of structured logs.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "log/logger.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;

TEST(Logger, RedactsSecretLookingFieldsAndEscapes) {
  const std::string line = log::format_line(log::Level::info, "store \"added\"",
                                            {{"access_token", "shpat_secret"},
                                             {"Authorization", "Bearer x"},
                                             {"client_secret", "s"},
                                             {"store_id", "st_1"},
                                             {"count", 3}});
  EXPECT_EQ(line.find("shpat_secret"), std::string::npos);
  EXPECT_EQ(line.find("Bearer x"), std::string::npos);
  auto jv = json::parse(line).as_object();
  EXPECT_EQ(jv.at("access_token"), "[redacted]");
  EXPECT_EQ(jv.at("client_secret"), "[redacted]");
  EXPECT_EQ(jv.at("store_id"), "st_1");
  EXPECT_EQ(jv.at("count"), 3);
  EXPECT_EQ(jv.at("msg"), "store \"added\"");
  EXPECT_EQ(jv.at("level"), "info");
}

}  // namespace
}  // namespace cartgate
