#include <fstream>
#include <iterator>

#include <boost/json/monotonic_resource.hpp>
#include <gtest/gtest.h>

#include <cartgate/detail/abi_codec.hpp>
#include <cartgate/schema/time.hpp>

namespace cartgate {
namespace {

Manifest sample_manifest() {
  Manifest m;
  m.platform = "acme";
  m.display_name = "Acme";
  m.connector_version = "2.1.0";
  m.credentials = {{"token", true, true, "API token"}, {"label", false, false, ""}};
  m.settings = {"timezone"};
  m.entities = {{Entity::order, {ReadVerb::list, ReadVerb::info}, {"status", "email"}, ""},
                {Entity::cart, {ReadVerb::list}, {}, "abandoned only"}};
  m.events = {{EventType::order_add, EventDelivery::webhook, ""},
              {EventType::cart_abandoned, EventDelivery::poll, "hourly"}};
  m.rate_limit = {RateLimitModel::cost_bucket, 2000, 100, 0};
  m.webhook_signature = WebhookSignature::standard_webhooks;
  m.max_page_size = 250;
  return m;
}

TEST(AbiCodec, ManifestRoundTrips) {
  const Manifest m = sample_manifest();
  auto back = abi::decode_manifest(*abi::parse(abi::serialize(abi::encode_manifest(m))));
  ASSERT_TRUE(back);
  EXPECT_EQ(abi::serialize(abi::encode_manifest(*back)), abi::serialize(abi::encode_manifest(m)));
  EXPECT_EQ(back->events[1].delivery, EventDelivery::poll);
  EXPECT_EQ(back->rate_limit.model, RateLimitModel::cost_bucket);
}

TEST(AbiCodec, DateBoundsCrossAndAnOlderManifestWithoutThemMeansAllFour) {
  Manifest m = sample_manifest();
  m.entities.at(0).date_bounds = {DateBound::modified_from};
  auto back = abi::decode_manifest(abi::encode_manifest(m));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->entities.at(0).date_bounds, std::vector<DateBound>{DateBound::modified_from});
  // A plugin built before date_bounds existed sends none: its platform applied all four.
  auto older = abi::decode_manifest(*abi::parse(
      R"({"platform":"old","entities":[{"entity":"order","verbs":["list"],"filters":[]}]})"));
  ASSERT_TRUE(older);
  EXPECT_EQ(older->entities.at(0).date_bounds.size(), 4u);
  // A required member missing from a nested record fails the whole message.
  EXPECT_FALSE(abi::decode_manifest(
      *abi::parse(R"({"platform":"p","entities":[{"entity":"order","filters":[]}]})")));
  EXPECT_FALSE(abi::decode_manifest(*abi::parse(
      R"({"platform":"p","entities":[{"entity":"order","verbs":[],"date_bounds":["soon"]}]})")));
}

TEST(AbiCodec, StepInputCarriesRawBodiesAndInvalidUtf8) {
  StoreContext store{"st_1", "https://shop.example", {{"token", "s3cr3t"}}, {{"timezone", "UTC"}}};
  Call call;
  call.kind = CallKind::read;
  call.read.entity = Entity::order;
  call.read.modified_from = Timestamp{std::chrono::seconds{1700000000}};
  call.read.filters = {{"status", "processing"}};
  call.read.page_token = "eyJwIjoyfQ";
  CallEnvironment env{Timestamp{std::chrono::seconds{1700000001}}, "nonce", "https://cb"};
  std::vector<HttpResponse> responses{
      {200, {{"X-Rate-Limit-Requests-Left", "35"}}, "caf\xe9 \x01"}};
  const StepInput in{store, call, env, "state-1", responses};

  auto parsed = abi::parse(abi::serialize(abi::encode_step_input(in)));
  ASSERT_TRUE(parsed);
  auto back = abi::decode_step_input(*parsed);
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->store.credentials.at("token"), "s3cr3t");
  EXPECT_EQ(back->call.read.modified_from, call.read.modified_from);
  EXPECT_EQ(back->call.read.filters.at("status"), "processing");
  EXPECT_EQ(back->responses.at(0).body, "caf\xe9 \x01");
  EXPECT_EQ(back->state, "state-1");
  EXPECT_EQ(back->env.nonce, "nonce");
}

TEST(AbiCodec, StepOutcomesRoundTrip) {
  HttpRequest req;
  req.method = "POST";
  req.url = "https://x.myshopify.com/admin/api/2026-07/graphql.json";
  req.headers = {{"X-Shopify-Access-Token", "t"}};
  req.body = R"({"query":"{ shop { name } }"})";
  req.cost = 12;
  auto need = StepOutcome::need({req}, "s");
  auto back = abi::decode_step_outcome(*abi::parse(abi::serialize(abi::encode_step_outcome(need))));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, StepKind::requests);
  EXPECT_EQ(back->requests.at(0).cost, 12);
  EXPECT_EQ(back->requests.at(0).body, req.body);

  auto fail = StepOutcome::fail(ConnectorErrorKind::rate_limited, "slow down", 429);
  fail.error.retry_after_ms = 1500;
  fail.observations.push_back({0.0, 40.0, 2000, 1500, true});
  back = abi::decode_step_outcome(*abi::parse(abi::serialize(abi::encode_step_outcome(fail))));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->error.kind, ConnectorErrorKind::rate_limited);
  EXPECT_EQ(back->error.retry_after_ms, 1500);
  EXPECT_TRUE(back->observations.at(0).throttled);

  auto done = StepOutcome::finished(boost::json::object{{"count", 3}});
  back = abi::decode_step_outcome(*abi::parse(abi::serialize(abi::encode_step_outcome(done))));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->result.at("count"), 3);
}

TEST(AbiCodec, RejectsMalformedMessages) {
  EXPECT_FALSE(abi::parse("{"));
  EXPECT_FALSE(abi::decode_step_outcome(*abi::parse(R"({"kind":"sleep"})")));
  EXPECT_FALSE(abi::decode_step_outcome(*abi::parse(R"({"kind":"requests"})")));
  EXPECT_FALSE(abi::decode_manifest(*abi::parse(R"({"display_name":"x"})")));
  EXPECT_FALSE(abi::decode_webhook_result(*abi::parse(R"({"verdict":"maybe"})")));
  EXPECT_FALSE(abi::decode_step_input(*abi::parse(R"({"store":{"store_id":"x","base_url":"y"}})")));
}

TEST(AbiCodec, WebhookMessagesRoundTrip) {
  WebhookResult r;
  r.verdict = WebhookVerdict::accepted;
  WebhookChange c;
  c.type = EventType::cart_abandoned;
  c.entity_id = "09346904-4175-44fd-be53-f7e598531b6c";
  c.dedupe_id = "dd70c0976e06b67aaf671e73f49dcb79230ebf9d";
  r.changes.push_back(c);
  auto back =
      abi::decode_webhook_result(*abi::parse(abi::serialize(abi::encode_webhook_result(r))));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->changes.at(0).type, EventType::cart_abandoned);
  EXPECT_TRUE(back->changes.at(0).entity.is_null());
  EXPECT_FALSE(back->changes.at(0).updated_at);
}

// The inbox holds each webhook change in the ABI's encoding: what the endpoint writes, the
// worker reads back whole, and entries written before the shared codec (no dedupe_id, no
// updated_at when unknown) still read.
TEST(AbiCodec, WebhookChangesMoveIntoTheirStorageAndEarlierInboxEntriesStillRead) {
  WebhookChange c;
  c.type = EventType::order_update;
  c.entity_id = "727";
  c.updated_at = parse_rfc3339("2026-11-24T10:00:03Z");
  c.entity = boost::json::object{{"id", "727"}, {"status", "paid"}};
  // Encoded into the storage the entity is in, as the endpoint builds the inbox entry in the
  // connector's arena.
  const boost::json::storage_ptr sp = c.entity.storage();
  c.dedupe_id = "d-1";
  const auto* id_value = &c.entity.get_object().at("id");  // in the object's table
  auto encoded = abi::encode_webhook_change(std::move(c), sp);
  EXPECT_EQ(&encoded.at("entity").get_object().at("id"), id_value)
      << "the entity was copied, not moved";
  auto back = abi::decode_webhook_change(*abi::parse(abi::serialize(encoded)));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->type, EventType::order_update);
  EXPECT_EQ(back->entity_id, "727");
  EXPECT_EQ(back->updated_at, parse_rfc3339("2026-11-24T10:00:03Z"));
  EXPECT_EQ(back->entity.at("status"), "paid");
  EXPECT_EQ(back->dedupe_id, "d-1");

  auto earlier = abi::decode_webhook_change(
      *abi::parse(R"({"type":"cart.update","entity_id":"9","entity":null})"));
  ASSERT_TRUE(earlier);
  EXPECT_EQ(earlier->type, EventType::cart_update);
  EXPECT_FALSE(earlier->updated_at);
  EXPECT_TRUE(earlier->dedupe_id.empty());

  EXPECT_FALSE(abi::decode_webhook_change(
      *abi::parse(R"({"type":"order.teleported","entity_id":"9","entity":null})")));
  EXPECT_FALSE(abi::decode_webhook_change(*abi::parse(R"({"type":"order.update"})")));
}

// schema/abi/v1/ is what plugin authors in other languages read: it must be exactly what the
// codec's descriptions generate (regenerate with
// `build/ci/tests/schema_samples --write-abi-schemas schema/abi/v1`). ajv checks the codec's
// output against these files in tests/schema/validate.sh.
TEST(AbiCodec, PublishedJsonSchemasAreTheOnesTheDescriptionsGenerate) {
  ASSERT_EQ(abi::message_names().size(), 5u);
  for (auto name : abi::message_names()) {
    SCOPED_TRACE(std::string(name));
    std::ifstream file(std::string(SCHEMA_DIR) + "/../abi/v1/" + std::string(name) + ".json");
    ASSERT_TRUE(file) << "not published";
    const std::string text((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
    auto published = abi::parse(text);
    ASSERT_TRUE(published);
    EXPECT_EQ(*published, abi::message_schema(name)) << "stale: regenerate it";
  }
  EXPECT_TRUE(abi::message_schema("plugin_table").is_null());
}

}  // namespace
}  // namespace cartgate
