// Unit tests of gateway/util: percent-decoding through Boost.URL.

#include <gtest/gtest.h>

#include "util/percent_decode.hpp"

namespace cartgate {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlusWhereAskedAndRefusesMalformedEscapes) {
  EXPECT_EQ(util::percent_decode("a%2Fb%c3%A9"), "a/b\xC3\xA9");
  EXPECT_EQ(util::percent_decode("J+Doe"), "J+Doe");
  EXPECT_EQ(util::percent_decode("J+Doe", util::Plus::space), "J Doe");
  EXPECT_EQ(util::percent_decode("a%2Bb", util::Plus::space), "a+b");
  // Not held to RFC 3986: clients send brackets unescaped (searchCriteria[...]).
  EXPECT_EQ(util::percent_decode("f[0][x]=1"), "f[0][x]=1");
  EXPECT_EQ(util::percent_decode(""), "");
  for (const char* bad : {"%", "%4", "%zz", "a%g1", "100%", "%%41"}) {
    EXPECT_FALSE(util::percent_decode(bad)) << bad;
  }
}

}  // namespace
}  // namespace cartgate
