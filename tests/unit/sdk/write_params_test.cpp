// The write helpers connectors share: the prices a product.update leaves, whatever field names
// the platform gives its regular and sale prices, and the state a multi-step write resumes.
#include <gtest/gtest.h>

#include <cartgate/schema/money.hpp>
#include <cartgate/sdk/write_params.hpp>

namespace cartgate::sdk {
namespace {

Money usd(std::int64_t minor) {
  return Money{minor, "USD"};
}

ProductUpdateParams update(std::optional<std::string> price, bool compare_given = false,
                           std::optional<std::string> compare_at = std::nullopt) {
  ProductUpdateParams u;
  u.price = std::move(price);
  u.compare_at_given = compare_given;
  u.compare_at_price = std::move(compare_at);
  return u;
}

TEST(PricesAfter, APriceAloneKeepsARunningSale) {
  const ProductPrices on_sale{usd(1450), usd(1800)};
  auto after = prices_after(update("12"), on_sale, "USD", "Test", "it drops it");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->price, usd(1200));
  EXPECT_EQ(after->compare_at, usd(1800));
}

TEST(PricesAfter, NullEndsTheSaleAtWhatCustomersPay) {
  const ProductPrices on_sale{usd(1450), usd(1800)};
  auto after = prices_after(update(std::nullopt, true), on_sale, "USD", "Test", "it drops it");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->price, usd(1450));
  EXPECT_FALSE(after->compare_at);
}

TEST(PricesAfter, ACompareAtNotAboveThePriceIsRefusedWithWhatThePlatformWouldDo) {
  const ProductPrices plain{usd(2500), std::nullopt};
  auto after = prices_after(update(std::nullopt, true, "25.00"), plain, "USD", "Test",
                            "Test would drop the sale");
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().error.kind, ConnectorErrorKind::invalid_query);
  EXPECT_NE(after.error().error.message.find("25.00 is not above the price 25.00: Test would"),
            std::string::npos)
      << after.error().error.message;
}

TEST(PricesAfter, AProductWithoutAPriceTakesOneAndANonDecimalIsTheAnswersFault) {
  const ProductPrices none{std::nullopt, std::nullopt};
  auto priced = prices_after(update("9.99"), none, "USD", "Test", "x");
  ASSERT_TRUE(priced);
  EXPECT_EQ(priced->price, usd(999));
  auto unpriced = prices_after(update(std::nullopt, true, "20"), none, "USD", "Test", "x");
  ASSERT_FALSE(unpriced);
  EXPECT_EQ(unpriced.error().error.kind, ConnectorErrorKind::invalid_response);
  EXPECT_FALSE(prices_after(update("twelve"), none, "USD", "Test", "x"));
}

// A step of a write, resumed from `state` with `answers` answers.
struct Resumed {
  StoreContext store{"st_1", "https://shop.example", {}, {}};
  Call call;
  CallEnvironment env;
  std::vector<HttpResponse> responses;
  StepInput at(std::string_view state, std::size_t answers) {
    responses.assign(answers, HttpResponse{});
    return StepInput{store, call, env, state, responses};
  }
};

TEST(WriteState, ThePhaseAndWhatTheStepRecordedComeBack) {
  Resumed r;
  auto state = write_state(r.at(R"({"ship":"read","note":"n"})", 1), "ship", "Test");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->phase, "read");
  EXPECT_EQ(state->fields.at("note"), "n");
  EXPECT_TRUE(write_state(r.at(R"({"ship":"look"})", 3), "ship", "Test", StepAnswers::some));
}

TEST(WriteState, AStateWithoutItsPhaseOrItsAnswersIsLost) {
  Resumed r;
  for (auto [state, answers] : {std::pair{R"({"write":"look"})", 1},
                                {R"({"ship":7})", 1},
                                {"not json", 1},
                                {R"({"ship":"look"})", 2},
                                {R"({"ship":"look"})", 0}}) {
    auto found = write_state(r.at(state, static_cast<std::size_t>(answers)), "ship", "Test");
    ASSERT_FALSE(found) << state;
    EXPECT_EQ(found.error().error.kind, ConnectorErrorKind::invalid_response) << state;
    EXPECT_NE(found.error().error.message.find("lost the write's state"), std::string::npos);
  }
}

}  // namespace
}  // namespace cartgate::sdk
