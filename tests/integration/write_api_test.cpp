// The write API end to end on orders and products (write_api_fixture.hpp).
#include "write_api_fixture.hpp"

namespace cartgate::test {

TEST_F(WriteApi, OrderUpdateSetsStatusAndNoteOnceAndReplaysTheAnswer) {
  start();
  const std::string id = order_id(0);
  const auto body = update(store_, id, {{"status", "on_hold"}, {"note", "Held for review"}});
  auto first = post("order.update", body, "\"hold-1\"");
  ASSERT_EQ(first.status, 200) << first.body;
  const auto order = first.json().at("data");
  EXPECT_EQ(order.at("id").as_string(), id);
  EXPECT_EQ(order.at("status"), "on_hold");
  EXPECT_EQ(order.at("native_status"), "on-hold");
  EXPECT_EQ(first.header("Idempotent-Replayed"), "");

  auto again = post("order.update", body, "\"hold-1\"");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.json(), first.json());

  const auto stored = held(id);
  EXPECT_EQ(stored.at("state"), "on_hold");
  EXPECT_EQ(count_note(stored, "Held for review"), 1u) << stored;

  // The same key for another write is refused, and that write is not made.
  auto reused = post("order.update", update(store_, id, {{"status", "cancelled"}}), "\"hold-1\"");
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(reused.json().at("code"), "idempotency_key_reused");
  EXPECT_EQ(held(id).at("state"), "on_hold");

  // Keys are the tenant's own: another tenant's same key runs its own write.
  const std::string first_key = key_;
  key_ = gw_->create_key("globex");
  const std::string other_store = add("woocommerce");
  auto other =
      post("order.update", update(other_store, id, {{"status", "completed"}}), "\"hold-1\"");
  EXPECT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(held(id).at("state"), "completed");
  key_ = first_key;
}

TEST_F(WriteApi, AWriteWithoutAKeyRunsEachTime) {
  start();
  const std::string id = order_id(1);
  for (int i = 0; i < 2; ++i) {
    auto r = post("order.update", update(store_, id, {{"note", "Called the customer"}}));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("data").at("id").as_string(), id);
  }
  EXPECT_EQ(count_note(held(id), "Called the customer"), 2u);
}

TEST_F(WriteApi, ATimeoutAfterCommitIsReconciledNotRepeated) {
  start(2s);
  const std::string id = order_id(2);
  // The store carries the write out, then answers after the gateway has given up.
  sandbox_->control("POST", woo_, "faults",
                    json::object{{"api", json::object{{"late_answer_ms", 3500}}}});
  // A note has no key of its own on WooCommerce: only reading back tells it was added.
  const auto body = update(store_, id, {{"note", "Packed, box 3"}});
  auto lost = post("order.update", body, "packed-3");
  ASSERT_EQ(lost.status, 504) << lost.body;
  EXPECT_EQ(lost.json().at("code"), "write_outcome_unknown");
  // The note reached the store before its late answer came.
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (count_note(held(id), "Packed, box 3") == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  EXPECT_EQ(count_note(held(id), "Packed, box 3"), 1u);

  sandbox_->control("POST", woo_, "faults", json::object{});
  // A retry the store refuses (a write-only key now: the read-back is refused) changes nothing,
  // and leaves the first attempt's outcome to be reconciled by the next.
  sandbox_->control("POST", woo_, "settings", json::object{{"key_permissions", "write"}});
  auto refused = post("order.update", body, "packed-3");
  EXPECT_EQ(refused.status, 502) << refused.body;
  sandbox_->control("POST", woo_, "settings", json::object{{"key_permissions", "read_write"}});
  auto retried = post("order.update", body, "packed-3");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json().at("data").at("id").as_string(), id);
  const auto stored = held(id);
  EXPECT_EQ(count_note(stored, "Packed, box 3"), 1u) << "the note was written twice: " << stored;

  auto replayed = post("order.update", body, "packed-3");
  EXPECT_EQ(replayed.status, 200);
  EXPECT_EQ(replayed.header("Idempotent-Replayed"), "true");
}

TEST_F(WriteApi, AWriteCutOffHalfwayIsFinishedByItsRetry) {
  start(2s);
  const std::string id = order_id(5);
  sandbox_->control("POST", woo_, "faults",
                    json::object{{"api", json::object{{"late_answer_ms", 3500}}}});
  const auto body = update(store_, id, {{"status", "completed"}, {"note", "Sent by courier"}});
  auto lost = post("order.update", body, "courier-1");
  ASSERT_EQ(lost.status, 504) << lost.body;
  // The status landed; the note, the call's next request, was never sent.
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (held(id).at("state") != "completed" && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  EXPECT_EQ(held(id).at("state"), "completed");
  EXPECT_EQ(count_note(held(id), "Sent by courier"), 0u);

  sandbox_->control("POST", woo_, "faults", json::object{});
  auto retried = post("order.update", body, "courier-1");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json().at("data").at("status"), "completed");
  const auto stored = held(id);
  EXPECT_EQ(stored.at("state"), "completed");
  EXPECT_EQ(count_note(stored, "Sent by courier"), 1u) << stored;
}

TEST_F(WriteApi, ARepeatWhileTheFirstRunsIsAConflict) {
  start();
  const std::string id = order_id(3);
  sandbox_->control("POST", woo_, "faults",
                    json::object{{"api", json::object{{"late_answer_ms", 1500}}}});
  const auto body = update(store_, id, {{"note", "Refund approved"}});
  auto first = std::async(std::launch::async, [&] { return post("order.update", body, "r-1"); });
  std::this_thread::sleep_for(400ms);
  auto second = post("order.update", body, "r-1");
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(second.json().at("code"), "idempotency_key_in_use");
  auto answered = first.get();
  EXPECT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(count_note(held(id), "Refund approved"), 1u);
}

TEST_F(WriteApi, BadWritesAreRefusedAndChangeNothing) {
  start();
  const std::string id = order_id(4);
  const auto before = held(id);
  const auto refused = [&](const json::object& body, int status, std::string_view code,
                           const std::string& key = "") {
    auto r = post("order.update", body, key);
    EXPECT_EQ(r.status, status) << body << " -> " << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << r.body;
    if (r.json().is_object()) {
      EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
    } else {
      ADD_FAILURE() << r.body;
    }
  };
  refused(update(store_, id, {{"status", "shipped"}}), 400, "invalid_parameter");
  refused(update(store_, id, {{"status", "refunded"}}), 400, "invalid_parameter");
  refused(update(store_, id, {}), 400, "invalid_parameter");
  refused(update(store_, id, {{"note", ""}}), 400, "invalid_parameter");
  refused(update(store_, id, {{"note", 42}}), 400, "invalid_parameter");
  refused(update(store_, id, {{"colour", "red"}}), 400, "unknown_parameter");
  refused(update(store_, id, {{"note", "x"}}), 400, "invalid_idempotency_key",
          std::string(300, 'k'));
  refused(update("nope", id, {{"note", "x"}}), 404, "store_not_found");
  refused(update(store_, "999999", {{"status", "completed"}}), 404, "entity_not_found");
  refused(update(store_, "abc", {{"status", "completed"}}), 404, "entity_not_found");

  // A field the platform's connector does not take: said before anything is sent.
  refused(update(store_, id, {{"status", "cancelled"}, {"tags", "vip"}}), 400, "unknown_parameter");

  // A read-only key: WooCommerce's refusal, with its message.
  sandbox_->control("POST", woo_, "settings", json::object{{"key_permissions", "read"}});
  auto r = post("order.update", update(store_, id, {{"note", "x"}}), "ro-1");
  EXPECT_EQ(r.status, 502) << r.body;
  EXPECT_EQ(r.json().at("code"), "store_permission_denied");
  EXPECT_NE(r.body.find("does not have write permissions"), std::string::npos) << r.body;
  // Refused by the store, so the key is free: once the key can write, the same request runs.
  sandbox_->control("POST", woo_, "settings", json::object{{"key_permissions", "read_write"}});
  auto retried = post("order.update", update(store_, id, {{"note", "x"}}), "ro-1");
  EXPECT_EQ(retried.status, 200) << retried.body;

  const auto after = held(id);
  EXPECT_EQ(after.at("state"), before.at("state"));
  EXPECT_EQ(after.at("notes").as_array().size(), before.at("notes").as_array().size() + 1);
}

// A status write on `platform`, whose webhook for order updates is `topic`: the change comes
// back as one event marked as the write's, and the merchant's next change as the merchant's.
// A gateway the sandbox can deliver the platform's webhooks to, with no safety-net poll, once
// the store holds its subscription to `topic`.
void WriteApi::listen_for(const std::string& platform, std::string_view topic) {
  const std::string port = std::to_string(free_port());
  start(20s,
        {{"CARTGATE_HTTP_PORT", port},
         {"CARTGATE_EVENTS_PUBLIC_URL", "http://127.0.0.1:" + port},
         {"CARTGATE_EVENTS_POLL_INTERVAL_MS", "500"},
         {"CARTGATE_EVENTS_POLL_SAFETY_INTERVAL_MS", "600000"}},
        platform);
  const std::string callback = "http://127.0.0.1:" + port + "/v1/ingest/" + platform + "/" + store_;
  const auto registered = [&] {
    const auto subs = sandbox_->control("GET", target_, "subscriptions").json();
    std::size_t n = 0;
    for (const auto& sub : subs.as_array()) {
      n += sub.at("url").as_string() == callback && sub.at("topic").as_string() == topic &&
                   sub.at("status") == "active"
               ? 1
               : 0;
    }
    return n;
  };
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (registered() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  ASSERT_EQ(registered(), 1u);
}

// A stock update of a new product on `platform`, whose webhook `topic` the gateway subscribes
// to, comes back as one product.update event marked as the write's.
void WriteApi::expect_one_product_api_event(const std::string& platform, std::string_view topic) {
  listen_for(platform, topic);
  if (HasFatalFailure()) return;
  const std::string id = new_product("Oak board", 4200);
  // The product's creation arrives first, as an event of its own; the write comes in a later
  // second (modification times are whole seconds).
  await_creation("product.add", id);
  if (HasFatalFailure()) return;

  const std::string key = platform + "-board-stock";
  auto written = post("product.update",
                      json::object{{"store_id", store_}, {"id", id}, {"stock_quantity", 3}}, key);
  ASSERT_EQ(written.status, 200) << written.body;
  const std::string request_id = written.header("X-Request-Id");
  const std::vector<json::value> ours = settled_events("product.update", id);
  ASSERT_EQ(ours.size(), 1u);
  EXPECT_EQ(ours[0].at("data").at("inventory_quantity"), 3) << ours[0];
  EXPECT_EQ(ours[0].at("source"), "api") << ours[0];
  EXPECT_EQ(ours[0].at("origin").at("request_id").as_string(), request_id) << ours[0];
  EXPECT_EQ(ours[0].at("origin").at("idempotency_key").as_string(), key) << ours[0];
}

void WriteApi::expect_one_api_event(const std::string& platform, std::string_view topic) {
  listen_for(platform, topic);
  if (HasFatalFailure()) return;

  const std::string id = order_id(6);
  const auto body = update(store_, id, {{"status", "cancelled"}});
  auto written = post("order.update", body, "\"cancel-6\"");
  ASSERT_EQ(written.status, 200) << written.body;
  const std::string request_id = written.header("X-Request-Id");
  const std::string version(written.json().at("data").at("updated_at").as_string());

  // The platform's webhooks bring the change (BigCommerce sends two for a status: updated and
  // statusUpdated): one event, marked as the write's.
  std::vector<json::value> ours;
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (ours.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(200ms);
    auto listed =
        http_request(gw_->port(), "GET", "/v1/event.list?store_id=" + store_ + "&type=order.update",
                     {{"x-api-key", key_}});
    ASSERT_EQ(listed.status, 200) << listed.body;
    const json::value page = listed.json();
    for (const auto& e : page.at("data").as_array()) {
      if (e.at("data").at("id").as_string() == id) ours.push_back(e);
    }
  }
  ASSERT_EQ(ours.size(), 1u);
  const auto& event = ours.front().as_object();
  EXPECT_EQ(event.at("source"), "api") << event;
  EXPECT_EQ(event.at("origin").at("request_id").as_string(), request_id) << event;
  EXPECT_EQ(event.at("origin").at("idempotency_key"), "cancel-6") << event;
  EXPECT_EQ(event.at("data").at("status"), "cancelled");
  EXPECT_EQ(event.at("occurred_at").as_string(), version);

  // A change the merchant makes afterwards (in a later second: both platforms' versions are
  // whole seconds) is the merchant's.
  std::this_thread::sleep_for(1100ms);
  sandbox_->control("POST", target_, "orders/" + sandbox_order(id),
                    json::object{{"note", "Leave at the door"}});
  std::optional<json::value> merchant;
  deadline = std::chrono::steady_clock::now() + 20s;
  while (!merchant && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(200ms);
    auto listed =
        http_request(gw_->port(), "GET", "/v1/event.list?store_id=" + store_ + "&type=order.update",
                     {{"x-api-key", key_}});
    const json::value page = listed.json();
    for (const auto& e : page.at("data").as_array()) {
      if (e.at("data").at("id").as_string() == id && e.at("occurred_at").as_string() != version)
        merchant = e;
    }
  }
  ASSERT_TRUE(merchant);
  EXPECT_EQ(merchant->at("source"), "webhook") << *merchant;
  EXPECT_FALSE(merchant->as_object().contains("origin"));
}

TEST_F(WriteApi, TheChangeAWriteMadeComesBackAsOneApiEvent) {
  expect_one_api_event("woocommerce", "order.updated");
}

TEST_F(WriteApi, OnBigCommerceTheChangeComesBackAsOneApiEvent) {
  expect_one_api_event("bigcommerce", "store/order/updated");
}

TEST_F(WriteApi, OnBigCommerceAStatusIsAStatusIdAndANoteJoinsTheStaffNotes) {
  start(20s, {}, "bigcommerce");
  const std::string id = order_id(0);
  const auto body = update(store_, id, {{"status", "on_hold"}, {"note", "Held for review"}});
  auto first = post("order.update", body, "bc-hold-1");
  ASSERT_EQ(first.status, 200) << first.body;
  const auto order = first.json().at("data");
  EXPECT_EQ(order.at("id").as_string(), id);
  EXPECT_EQ(order.at("status"), "on_hold");
  EXPECT_EQ(order.at("native_status"), "Manual Verification Required");
  EXPECT_FALSE(order.at("line_items").as_array().empty()) << "read back as order.info reads it";

  auto again = post("order.update", body, "bc-hold-1");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");

  // A second note is added after the first; the merchant's staff notes are kept.
  auto second = post("order.update", update(store_, id, {{"note", "Customer called"}}));
  ASSERT_EQ(second.status, 200) << second.body;
  const auto stored = held(id);
  EXPECT_EQ(stored.at("state"), "on_hold");
  EXPECT_EQ(stored.at("staff_notes"), "Held for review\n\nCustomer called") << stored;

  auto done = post("order.update", update(store_, id, {{"status", "completed"}}));
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("data").at("native_status"), "Completed");
  EXPECT_EQ(held(id).at("state"), "completed");
}

TEST_F(WriteApi, OnBigCommerceATimeoutAfterCommitIsReconciledNotRepeated) {
  start(2s, {}, "bigcommerce");
  const std::string id = order_id(1);
  // The PUT is carried out, then answered after the gateway has given up.
  sandbox_->control("POST", bc_, "faults",
                    json::object{{"api", json::object{{"late_answer_ms", 3500}}}});
  const auto body = update(store_, id, {{"status", "completed"}, {"note", "Sent by courier"}});
  auto lost = post("order.update", body, "bc-courier-1");
  ASSERT_EQ(lost.status, 504) << lost.body;
  EXPECT_EQ(lost.json().at("code"), "write_outcome_unknown");
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (count_note(held(id), "Sent by courier") == 0 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ASSERT_EQ(count_note(held(id), "Sent by courier"), 1u) << held(id);

  // The retry reads the staff notes back, finds the note there, and does not add it again.
  sandbox_->control("POST", bc_, "faults", json::object{});
  auto retried = post("order.update", body, "bc-courier-1");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json().at("data").at("status"), "completed");
  const auto stored = held(id);
  EXPECT_EQ(stored.at("state"), "completed");
  EXPECT_EQ(count_note(stored, "Sent by courier"), 1u) << "the note was written twice: " << stored;
}

TEST_F(WriteApi, OnBigCommerceRefusalsCarryThePlatformsMessage) {
  start(20s, {}, "bigcommerce");
  const std::string id = order_id(2);
  const auto before = held(id);
  sandbox_->control("POST", bc_, "settings", json::object{{"orders_scope", "read_only"}});
  auto r = post("order.update", update(store_, id, {{"status", "cancelled"}}), "bc-ro-1");
  EXPECT_EQ(r.status, 502) << r.body;
  EXPECT_EQ(r.json().at("code"), "store_permission_denied");
  EXPECT_NE(r.body.find("required scope"), std::string::npos) << r.body;
  sandbox_->control("POST", bc_, "settings", json::object{{"orders_scope", "modify"}});
  EXPECT_EQ(held(id), before);

  auto missing = post("order.update", update(store_, "999999", {{"status", "cancelled"}}));
  EXPECT_EQ(missing.status, 404) << missing.body;
  EXPECT_EQ(missing.json().at("code"), "entity_not_found");
}

TEST_F(WriteApi, OnMagentoStatusesAreActionsAndANoteKeepsTheStatus) {
  start(20s, {}, "magento");
  const std::string id = new_order("pending");
  // Held with a note: the hold, then a comment that carries the order's status along (without
  // it Magento would empty the status).
  auto held_answer =
      post("order.update", update(store_, id, {{"status", "on_hold"}, {"note", "Fraud check"}}),
           "mage-hold-1");
  ASSERT_EQ(held_answer.status, 200) << held_answer.body;
  EXPECT_EQ(held_answer.json().at("data").at("status"), "on_hold");
  EXPECT_EQ(held_answer.json().at("data").at("native_status"), "holded");
  EXPECT_EQ(count_note(held(id), "Fraud check"), 1u);
  EXPECT_EQ(held(id).at("state"), "on_hold");

  // A note alone keeps the status too: Magento itself still holds one (its raw order says).
  auto noted = post("order.update", update(store_, id, {{"note", "Called the bank"}}));
  ASSERT_EQ(noted.status, 200) << noted.body;
  auto raw = post("order.info", json::object{{"store_id", store_}, {"id", id}, {"include", "raw"}});
  ASSERT_EQ(raw.status, 200) << raw.body;
  EXPECT_EQ(raw.json().at("raw").at("status"), "holded") << raw.body;

  // Released to the state it was held in; then cancelled (nothing was invoiced).
  auto released = post("order.update", update(store_, id, {{"status", "pending"}}));
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(released.json().at("data").at("status"), "pending");
  auto cancelled = post("order.update", update(store_, id, {{"status", "cancelled"}}));
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(held(id).at("state"), "cancelled");
  // Cancelling again changes nothing and sends no action: the order is there already.
  auto again = post("order.update", update(store_, id, {{"status", "cancelled"}}));
  EXPECT_EQ(again.status, 200) << again.body;
}

TEST_F(WriteApi, OnMagentoWhatItCannotDoIsSaidAndChangesNothing) {
  start(20s, {}, "magento");
  const std::string pending = new_order("pending");
  const std::string paid = new_order("processing");
  const auto before = held(paid);
  const auto refused = [&](const std::string& id, json::object changes, int status,
                           std::string_view code, std::string_view says) {
    auto r = post("order.update", update(store_, id, std::move(changes)));
    EXPECT_EQ(r.status, status) << r.body;
    if (r.json().is_object()) {
      EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
    }
    EXPECT_NE(r.body.find(says), std::string::npos) << r.body;
  };
  refused(pending, {{"status", "completed"}}, 422, "not_supported_by_platform", "invoicing");
  refused(pending, {{"status", "processing"}}, 422, "not_supported_by_platform", "'new'");
  // An invoiced order cannot be cancelled: Magento answers false, the gateway says so.
  refused(paid, {{"status", "cancelled"}, {"note", "Customer asked"}}, 422, "platform_rejected",
          "declined to cancel");
  EXPECT_EQ(held(paid), before) << "the note must not be added when the status is refused";
  // An integration without the ACL resource.
  sandbox_->control("POST", mage_, "settings",
                    json::object{{"denied_resources", "Magento_Sales::hold"}});
  refused(paid, {{"status", "on_hold"}}, 502, "store_permission_denied", "Magento_Sales::hold");
  EXPECT_EQ(held(paid), before);
}

TEST_F(WriteApi, OnMagentoATimeoutAfterCommitIsReconciledNotRepeated) {
  start(2s, {}, "magento");
  const std::string id = new_order("processing");
  sandbox_->control("POST", mage_, "faults",
                    json::object{{"api", json::object{{"late_answer_ms", 3500}}}});
  const auto body = update(store_, id, {{"status", "on_hold"}, {"note", "Address check"}});
  auto lost = post("order.update", body, "mage-check-1");
  ASSERT_EQ(lost.status, 504) << lost.body;
  // The hold landed; the comment, the next request, was never sent.
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (held(id).at("state") != "on_hold" && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ASSERT_EQ(held(id).at("state"), "on_hold");
  EXPECT_EQ(count_note(held(id), "Address check"), 0u);
  // The retry sees the order held (no second hold) and adds the comment, late again.
  auto late = post("order.update", body, "mage-check-1");
  ASSERT_EQ(late.status, 504) << late.body;
  deadline = std::chrono::steady_clock::now() + 10s;
  while (count_note(held(id), "Address check") == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ASSERT_EQ(count_note(held(id), "Address check"), 1u);

  sandbox_->control("POST", mage_, "faults", json::object{});
  auto retried = post("order.update", body, "mage-check-1");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json().at("data").at("status"), "on_hold");
  EXPECT_EQ(retried.json().at("data").at("native_status"), "holded");
  EXPECT_EQ(count_note(held(id), "Address check"), 1u) << "the comment was written twice";
}

TEST_F(WriteApi, OnMagentoThePolledChangeIsOneApiEvent) {
  start(20s, {{"CARTGATE_EVENTS_POLL_INTERVAL_MS", "500"}}, "magento");
  // The events of the store's order `id` of `type` (order.add or order.update).
  const auto events_of = [&](const std::string& id, const std::string& type) {
    auto listed =
        http_request(gw_->port(), "GET", "/v1/event.list?store_id=" + store_ + "&type=" + type,
                     {{"x-api-key", key_}});
    EXPECT_EQ(listed.status, 200) << listed.body;
    std::vector<json::value> out;
    const json::value page = listed.json();
    for (const auto& e : page.at("data").as_array()) {
      if (e.at("data").at("id").as_string() == id) out.push_back(e);
    }
    return out;
  };
  const auto wait_for = [&](const std::string& id, const std::string& type) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    auto found = events_of(id, type);
    while (found.empty() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(200ms);
      found = events_of(id, type);
    }
    return found;
  };
  // The first poll records where it starts; the order placed after it is the merchant's news.
  std::this_thread::sleep_for(1500ms);
  const std::string id = new_order("processing");
  const auto placed = wait_for(id, "order.add");
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_EQ(placed[0].at("source"), "poll");

  // The write, in a later second (versions are Magento's updated_at seconds), comes back
  // through the next poll as one event marked as the write's.
  std::this_thread::sleep_for(1100ms);
  auto written = post("order.update", update(store_, id, {{"status", "on_hold"}}), "mage-ev-1");
  ASSERT_EQ(written.status, 200) << written.body;
  const auto ours = wait_for(id, "order.update");
  ASSERT_EQ(ours.size(), 1u);
  EXPECT_EQ(ours[0].at("source"), "api") << ours[0];
  EXPECT_EQ(ours[0].at("origin").at("idempotency_key"), "mage-ev-1") << ours[0];
  EXPECT_EQ(ours[0].at("data").at("status"), "on_hold");
  EXPECT_EQ(ours[0].at("occurred_at"), written.json().at("data").at("updated_at"));
  std::this_thread::sleep_for(1500ms);  // later polls re-read it: still one event
  EXPECT_EQ(events_of(id, "order.update").size(), 1u);
}

TEST_F(WriteApi, OnShopifyACancelIsAJobAndANoteJoinsTheOrderNote) {
  start(20s, {}, "shopify");
  const std::string id = new_order("processing");
  const auto body = update(store_, id, {{"status", "cancelled"}, {"note", "Out of stock"}});
  auto first = post("order.update", body, "shop-cancel-1");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json().at("data").at("status"), "cancelled");
  EXPECT_EQ(first.json().at("data").at("id").as_string(), id);
  EXPECT_EQ(held(id).at("state"), "cancelled");
  EXPECT_EQ(count_note(held(id), "Out of stock"), 1u) << held(id);
  auto replayed = post("order.update", body, "shop-cancel-1");
  EXPECT_EQ(replayed.header("Idempotent-Replayed"), "true");
  // Cancelled already: a second cancel is not sent (Shopify would refuse it); the note is.
  auto again = post("order.update", update(store_, id, {{"status", "cancelled"}}));
  EXPECT_EQ(again.status, 200) << again.body;

  // What Shopify derives from payments and fulfillments is refused before anything is sent,
  // and a cancelled order has nothing left to hold.
  auto complete = post("order.update", update(store_, id, {{"status", "completed"}}));
  EXPECT_EQ(complete.status, 422) << complete.body;
  EXPECT_EQ(complete.json().at("code"), "not_supported_by_platform");
  auto hold = post("order.update", update(store_, id, {{"status", "on_hold"}}));
  EXPECT_EQ(hold.status, 422) << hold.body;
  EXPECT_EQ(hold.json().at("code"), "write_not_possible");
  EXPECT_NE(hold.body.find("nothing left to fulfil"), std::string::npos) << hold.body;
  // An app without write_orders: Shopify's ACCESS_DENIED, and nothing changes.
  const std::string other = new_order("processing");
  sandbox_->control("POST", shop_, "settings",
                    json::object{{"access_scopes", "read_orders,read_all_orders"}});
  auto denied = post("order.update", update(store_, other, {{"status", "cancelled"}}));
  EXPECT_EQ(denied.status, 502) << denied.body;
  EXPECT_EQ(denied.json().at("code"), "store_permission_denied");
  EXPECT_EQ(held(other).at("state"), "processing");
}

TEST_F(WriteApi, OnShopifyAHoldIsPlacedOnTheFulfillmentOrdersAndOnlyOursIsReleased) {
  start(2s, {}, "shopify");
  const std::string id = new_order("processing");
  // Held: each fulfillment order with work left gets this app's hold; the order shows on_hold
  // and keeps its payment.
  const auto hold = update(store_, id, {{"status", "on_hold"}, {"note", "Address check"}});
  auto held_answer = post("order.update", hold, "shop-hold-1");
  ASSERT_EQ(held_answer.status, 200) << held_answer.body;
  EXPECT_EQ(held_answer.json().at("data").at("status"), "on_hold");
  EXPECT_EQ(held_answer.json().at("data").at("financial_status"), "paid");
  EXPECT_EQ(held(id).at("app_holds"), 1) << held(id);
  EXPECT_EQ(count_note(held(id), "Address check"), 1u) << held(id);
  // A held order does not ship.
  auto shipped = post("order.shipment.add", update(store_, id, {{"tracking_number", "1"}}));
  EXPECT_EQ(shipped.status, 422) << shipped.body;
  // Held already: nothing more is placed.
  ASSERT_EQ(post("order.update", update(store_, id, {{"status", "on_hold"}})).status, 200);
  EXPECT_EQ(held(id).at("app_holds"), 1) << held(id);

  // processing releases our hold; with none left, it is refused.
  auto released = post("order.update", update(store_, id, {{"status", "processing"}}));
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(released.json().at("data").at("status"), "processing");
  EXPECT_EQ(held(id).at("state"), "processing");
  EXPECT_EQ(held(id).at("app_holds"), 0) << held(id);
  auto again = post("order.update", update(store_, id, {{"status", "processing"}}));
  EXPECT_EQ(again.status, 422) << again.body;
  EXPECT_EQ(again.json().at("code"), "not_supported_by_platform");

  // A hold cut off after commit is found on the retry, not placed twice.
  sandbox_->control("POST", shop_, "faults",
                    json::object{{"api", json::object{{"late_answer_ms", 3500}}}});
  const auto second = update(store_, id, {{"status", "on_hold"}});
  ASSERT_EQ(post("order.update", second, "shop-hold-2").status, 504);
  sandbox_->control("POST", shop_, "faults", json::object{});
  std::this_thread::sleep_for(2s);
  auto retried = post("order.update", second, "shop-hold-2");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(held(id).at("app_holds"), 1) << held(id);
  ASSERT_EQ(post("order.update", update(store_, id, {{"status", "processing"}})).status, 200);

  // The merchant's hold is not ours to release; without a fulfillment order scope, nothing is.
  sandbox_->control("POST", target_, "orders/" + sandbox_order(id),
                    json::object{{"status", "on_hold"}});
  auto merchants = post("order.update", update(store_, id, {{"status", "processing"}}));
  EXPECT_EQ(merchants.status, 422) << merchants.body;
  EXPECT_NE(merchants.body.find("held by the merchant"), std::string::npos) << merchants.body;
  EXPECT_EQ(held(id).at("state"), "on_hold");
  const std::string other = new_order("processing");
  sandbox_->control("POST", shop_, "settings",
                    json::object{{"access_scopes", "read_orders,read_all_orders,write_orders"}});
  auto denied = post("order.update", update(store_, other, {{"status", "on_hold"}}));
  EXPECT_EQ(denied.status, 502) << denied.body;
  EXPECT_EQ(denied.json().at("code"), "store_permission_denied");
  EXPECT_EQ(held(other).at("state"), "processing");
}

TEST_F(WriteApi, OnShopifyATimeoutAfterCommitIsReconciledNotRepeated) {
  start(2s, {}, "shopify");
  const std::string id = new_order("processing");
  // Mutations are carried out, then answered late; queries are not held.
  sandbox_->control("POST", shop_, "faults",
                    json::object{{"api", json::object{{"late_answer_ms", 3500}}}});
  const auto body = update(store_, id, {{"note", "Gift wrap"}});
  auto lost = post("order.update", body, "shop-gift-1");
  ASSERT_EQ(lost.status, 504) << lost.body;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (count_note(held(id), "Gift wrap") == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ASSERT_EQ(count_note(held(id), "Gift wrap"), 1u) << held(id);
  sandbox_->control("POST", shop_, "faults", json::object{});
  auto retried = post("order.update", body, "shop-gift-1");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(count_note(held(id), "Gift wrap"), 1u) << "the note was written twice: " << held(id);
}

TEST_F(WriteApi, OnShopifyTheChangeComesBackAsOneApiEvent) {
  expect_one_api_event("shopify", "orders/updated");
}

// A new processing order with `lines` lines in the running gateway's sandbox store, and its
// lines as order.info reads them ({id, quantity} each).
std::pair<std::string, json::array> WriteApi::order_to_ship(int lines) {
  auto r = sandbox_->control("POST", target_, "orders",
                             json::object{{"status", "processing"}, {"lines", lines}});
  EXPECT_EQ(r.status, 201) << r.body;
  std::string id(r.json().at("platform_id").as_string());
  auto info = post("order.info", json::object{{"store_id", store_}, {"id", id}});
  EXPECT_EQ(info.status, 200) << info.body;
  const json::value order = info.json();
  json::array out;
  for (const auto& l : order.at("data").at("line_items").as_array()) {
    out.push_back(json::object{{"id", l.at("id")}, {"quantity", l.at("quantity")}});
  }
  return {id, out};
}

// Ships the first of `lines` with tracking number 1Z999AA10123456784, carrier UPS and `extra`
// under a key, then repeats it: the repeat is the kept answer and the store holds one shipment.
// The shipment.
json::value WriteApi::ship_first_line(const std::string& id, const json::array& lines,
                                      json::object extra) {
  extra["line_items"] = json::array{lines[0]};
  extra["tracking_number"] = "1Z999AA10123456784";
  extra["carrier"] = "UPS";
  const auto body = update(store_, id, std::move(extra));
  auto first = post("order.shipment.add", body, "ship-first-" + platform_);
  EXPECT_EQ(first.status, 200) << first.body;
  if (first.status != 200) return nullptr;
  const json::value shipment = first.json().at("data");
  EXPECT_FALSE(shipment.at("id").as_string().empty());
  EXPECT_EQ(shipment.at("order_id").as_string(), id);
  EXPECT_EQ(shipment.at("line_items"),
            (json::array{json::object{{"line_item_id", lines[0].at("id")},
                                      {"quantity", lines[0].at("quantity")}}}));
  EXPECT_EQ(shipment.at("tracking_numbers"), (json::array{"1Z999AA10123456784"}));
  EXPECT_EQ(shipment.at("carrier"), "UPS");
  EXPECT_EQ(shipment.at("order").at("fulfillment_status"), "partial");
  auto again = post("order.shipment.add", body, "ship-first-" + platform_);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(shipments(held(id)).size(), 1u);
  return shipment;
}

// Ships the rest of the order (no line_items) with `changes`: two more lines, the order
// fulfilled, every line's units shipped in the store. The shipment.
json::value WriteApi::ship_the_rest(const std::string& id, const json::array& lines,
                                    json::object changes) {
  auto rest = post("order.shipment.add", update(store_, id, std::move(changes)));
  EXPECT_EQ(rest.status, 200) << rest.body;
  if (rest.status != 200) return nullptr;
  const json::value second = rest.json().at("data");
  EXPECT_EQ(second.at("line_items").as_array().size(), lines.size() - 1) << second;
  EXPECT_EQ(second.at("order").at("fulfillment_status"), "fulfilled");
  const auto stored = held(id);
  EXPECT_EQ(shipments(stored).size(), 2u) << stored;
  for (const auto& l : lines)
    EXPECT_EQ(shipped(stored, l.at("id")), l.at("quantity")) << stored;
  return second;
}

TEST_F(WriteApi, OnBigCommerceAShipmentShipsSomeLinesAndThenTheRest) {
  start(20s, {}, "bigcommerce");
  const auto [id, lines] = order_to_ship(3);
  ASSERT_EQ(lines.size(), 3u);
  const json::value shipment = ship_first_line(id, lines, {});
  ASSERT_TRUE(shipment.is_object());
  // UPS is one of BigCommerce's integrated providers: it links the number itself.
  EXPECT_NE(shipment.at("tracking_url").as_string().find("1Z999AA10123456784"), std::string::npos);
  EXPECT_EQ(shipment.at("order").at("status"), "processing");

  // Without line_items: everything not yet shipped, here the other two lines.
  const json::value second =
      ship_the_rest(id, lines,
                    {{"tracking_number", "JJD000390007"},
                     {"carrier", "Local courier"},
                     {"tracking_url", "https://courier.example/t/JJD000390007"}});
  ASSERT_TRUE(second.is_object());
  EXPECT_EQ(second.at("carrier"), "Local courier");
  EXPECT_EQ(second.at("tracking_url"), "https://courier.example/t/JJD000390007");
  EXPECT_EQ(second.at("order").at("status"), "completed");
  // Nothing is left to ship: refused, and nothing is made.
  auto none = post("order.shipment.add", update(store_, id, {{"tracking_number", "X1"}}));
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(none.json().at("code"), "write_not_possible");
  EXPECT_EQ(shipments(held(id)).size(), 2u);
}

TEST_F(WriteApi, OnBigCommerceABadShipmentIsRefusedWithTheReasonAndMakesNothing) {
  start(20s, {}, "bigcommerce");
  const auto [id, lines] = order_to_ship(2);
  ASSERT_EQ(lines.size(), 2u);
  const auto before = held(id);
  const auto one_line = [&, &lines = lines](std::int64_t quantity) {
    return json::array{json::object{{"id", lines[0].at("id")}, {"quantity", quantity}}};
  };
  // More than the line holds: BigCommerce's own refusal, with its message.
  auto over =
      post("order.shipment.add",
           update(store_, id, {{"line_items", one_line(lines[0].at("quantity").as_int64() + 1)}}));
  EXPECT_EQ(over.status, 422) << over.body;
  EXPECT_EQ(over.json().at("code"), "platform_rejected");
  EXPECT_NE(over.body.find("left to ship"), std::string::npos) << over.body;
  // A line that is not the order's.
  auto stranger =
      post("order.shipment.add",
           update(store_, id,
                  {{"line_items", json::array{json::object{{"id", "987654"}, {"quantity", 1}}}}}));
  EXPECT_EQ(stranger.status, 422) << stranger.body;
  // Ids that cannot be a BigCommerce order product never reach it.
  for (const char* made_up : {"abc", "99999999999999999999"}) {
    auto r =
        post("order.shipment.add",
             update(store_, id,
                    {{"line_items", json::array{json::object{{"id", made_up}, {"quantity", 1}}}}}));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.json().at("code"), "write_not_possible") << r.body;
  }
  // BigCommerce cannot be told per shipment whether to e-mail the customer.
  auto notify = post("order.shipment.add", update(store_, id, {{"notify_customer", false}}));
  EXPECT_EQ(notify.status, 422) << notify.body;
  EXPECT_EQ(notify.json().at("code"), "not_supported_by_platform");
  // Malformed requests never leave the gateway.
  for (const json::object& bad :
       {json::object{{"line_items", json::array{}}},
        json::object{{"line_items", json::array{json::object{{"id", "1"}, {"quantity", 0}}}}},
        json::object{{"line_items", json::array{json::object{{"id", "1"}}}}},
        json::object{{"line_items", json::array{json::object{{"id", "1"}, {"quantity", 1}},
                                                json::object{{"id", "1"}, {"quantity", 1}}}}},
        json::object{{"carrier", "UPS"}},
        json::object{{"tracking_number", "1"}, {"tracking_url", "javascript:alert(1)"}},
        json::object{{"tracking_number", std::string(51, '9')}}, json::object{{"weight", 3}}}) {
    auto r = post("order.shipment.add", update(store_, id, bad));
    EXPECT_EQ(r.status, 400) << json::serialize(bad) << " " << r.body;
    EXPECT_EQ(r.json().at("code"),
              bad.contains("weight") ? "unknown_parameter" : "invalid_parameter")
        << r.body;
  }
  sandbox_->control("POST", bc_, "settings", json::object{{"orders_scope", "read_only"}});
  auto denied = post("order.shipment.add", update(store_, id, {{"tracking_number", "1"}}));
  EXPECT_EQ(denied.status, 502) << denied.body;
  EXPECT_EQ(denied.json().at("code"), "store_permission_denied");
  sandbox_->control("POST", bc_, "settings", json::object{{"orders_scope", "modify"}});
  EXPECT_EQ(held(id), before);
}

// A shipment whose answer comes after the gateway gave up (the running gateway's platform, a
// 2 s timeout): the keyed retry finds it and answers with it, and the store holds one.
void WriteApi::expect_a_cut_off_shipment_made_once(std::string* order) {
  const auto [id, lines] = order_to_ship(2);
  ASSERT_EQ(lines.size(), 2u);
  if (order != nullptr) *order = id;
  sandbox_->control("POST", target_, "faults",
                    json::object{{"api", json::object{{"late_answer_ms", 3500}}}});
  const std::string number = "CUT-OFF-" + platform_;
  const auto body =
      update(store_, id, {{"line_items", json::array{lines[1]}}, {"tracking_number", number}});
  auto lost = post("order.shipment.add", body, "ship-cut-" + platform_);
  ASSERT_EQ(lost.status, 504) << lost.body;
  EXPECT_EQ(lost.json().at("code"), "write_outcome_unknown");
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (shipments(held(id)).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ASSERT_EQ(shipments(held(id)).size(), 1u);

  sandbox_->control("POST", target_, "faults", json::object{});
  auto retried = post("order.shipment.add", body, "ship-cut-" + platform_);
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json().at("data").at("tracking_numbers"), (json::array{json::string(number)}));
  EXPECT_EQ(retried.json().at("data").at("order").at("fulfillment_status"), "partial");
  EXPECT_EQ(shipments(held(id)).size(), 1u) << "shipped twice: " << held(id);
  // A retry without the key is a new shipment, which the platform refuses: nothing of that line
  // is left.
  auto plain = post("order.shipment.add", body);
  EXPECT_EQ(plain.status, 422) << plain.body;
  EXPECT_EQ(shipments(held(id)).size(), 1u);
}

TEST_F(WriteApi, OnBigCommerceAShipmentCutOffAfterCommitIsNotMadeTwice) {
  start(2s, {}, "bigcommerce");
  expect_a_cut_off_shipment_made_once();
}

TEST_F(WriteApi, OnMagentoAShipmentShipsSomeLinesAndThenTheRest) {
  start(20s, {}, "magento");
  const auto [id, lines] = order_to_ship(3);
  ASSERT_EQ(lines.size(), 3u);
  const json::value shipment = ship_first_line(id, lines, {{"notify_customer", true}});
  ASSERT_TRUE(shipment.is_object());
  EXPECT_TRUE(shipment.at("tracking_url").is_null()) << shipment;
  EXPECT_EQ(shipment.at("notify_customer"), true);
  EXPECT_EQ(shipment.at("order").at("status"), "processing");

  // Without line_items Magento ships everything not yet shipped; the link goes in the comment.
  const json::value second =
      ship_the_rest(id, lines,
                    {{"tracking_number", "JJD000390007"},
                     {"carrier", "Local courier"},
                     {"tracking_url", "https://courier.example/t/JJD000390007"}});
  ASSERT_TRUE(second.is_object());
  EXPECT_EQ(second.at("carrier"), "Local courier");
  EXPECT_EQ(second.at("tracking_url"), "https://courier.example/t/JJD000390007");
  EXPECT_EQ(second.at("notify_customer"), false);
  // Invoiced (the order was paid) and now shipped in full: Magento completes it.
  EXPECT_EQ(second.at("order").at("status"), "completed");
  // Nothing is left: Magento's own refusal, with every reason it gives, and nothing is made.
  auto none = post("order.shipment.add", update(store_, id, {{"tracking_number", "X1"}}));
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(none.json().at("code"), "platform_rejected");
  EXPECT_NE(none.body.find("does not allow a shipment"), std::string::npos) << none.body;
  EXPECT_EQ(shipments(held(id)).size(), 2u);
}

TEST_F(WriteApi, OnMagentoABadShipmentIsRefusedWithTheReasonAndMakesNothing) {
  start(20s, {}, "magento");
  const auto [id, lines] = order_to_ship(2);
  ASSERT_EQ(lines.size(), 2u);
  const auto before = held(id);
  const auto refused = [&](json::array line_items, std::string_view code, std::string_view says) {
    auto r = post(
        "order.shipment.add",
        update(store_, id, {{"line_items", std::move(line_items)}, {"tracking_number", "T-1"}}));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
    EXPECT_NE(r.body.find(says), std::string::npos) << r.body;
  };
  refused(json::array{json::object{{"id", lines[0].at("id")},
                                   {"quantity", lines[0].at("quantity").as_int64() + 1}}},
          "platform_rejected", "invalid quantity to ship");
  refused(json::array{json::object{{"id", "987654"}, {"quantity", 1}}}, "platform_rejected",
          "can not found item");
  refused(json::array{json::object{{"id", "abc"}, {"quantity", 1}}}, "write_not_possible",
          "numeric order item ids");
  // An integration without Magento_Sales::ship.
  sandbox_->control("POST", mage_, "settings",
                    json::object{{"denied_resources", "Magento_Sales::ship"}});
  auto denied = post("order.shipment.add", update(store_, id, {{"tracking_number", "1"}}));
  EXPECT_EQ(denied.status, 502) << denied.body;
  EXPECT_EQ(denied.json().at("code"), "store_permission_denied");
  EXPECT_NE(denied.body.find("Magento_Sales::ship"), std::string::npos) << denied.body;
  sandbox_->control("POST", mage_, "settings", json::object{{"denied_resources", ""}});
  EXPECT_EQ(held(id), before);

  // A held order cannot ship until it is released.
  auto hold = post("order.update", update(store_, id, {{"status", "on_hold"}}));
  ASSERT_EQ(hold.status, 200) << hold.body;
  auto on_hold = post("order.shipment.add", update(store_, id, {{"tracking_number", "1"}}));
  EXPECT_EQ(on_hold.status, 422) << on_hold.body;
  EXPECT_NE(on_hold.body.find("status of holded"), std::string::npos) << on_hold.body;
  EXPECT_TRUE(shipments(held(id)).empty());
}

TEST_F(WriteApi, OnMagentoAShipmentCutOffAfterCommitIsNotMadeTwice) {
  start(2s, {}, "magento");
  expect_a_cut_off_shipment_made_once();
}

TEST_F(WriteApi, OnShopifyAShipmentFulfillsSomeLinesAndThenTheRest) {
  start(20s, {}, "shopify");
  const auto [id, lines] = order_to_ship(3);
  ASSERT_EQ(lines.size(), 3u);
  const std::string link = "https://www.ups.com/track?tracknum=1Z999AA10123456784";
  const json::value shipment =
      ship_first_line(id, lines, {{"tracking_url", link}, {"notify_customer", true}});
  ASSERT_TRUE(shipment.is_object());
  EXPECT_EQ(shipment.at("tracking_url").as_string(), link);
  EXPECT_EQ(shipment.at("notify_customer"), true);

  // Without line_items: the open fulfillment order, whole.
  const json::value second =
      ship_the_rest(id, lines, {{"tracking_number", "JJD000390007"}, {"carrier", "DHL"}});
  ASSERT_TRUE(second.is_object());
  EXPECT_EQ(second.at("carrier"), "DHL");
  EXPECT_EQ(second.at("notify_customer"), false);
  auto none = post("order.shipment.add", update(store_, id, {{"tracking_number", "X1"}}));
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(none.json().at("code"), "write_not_possible");
  EXPECT_EQ(shipments(held(id)).size(), 2u);
}

TEST_F(WriteApi, OnShopifyABadShipmentIsRefusedWithTheReasonAndMakesNothing) {
  start(20s, {}, "shopify");
  const auto [id, lines] = order_to_ship(2);
  ASSERT_EQ(lines.size(), 2u);
  const auto before = held(id);
  expect_refused_shipment(
      id,
      json::array{json::object{{"id", lines[0].at("id")},
                               {"quantity", lines[0].at("quantity").as_int64() + 1}}},
      422, "platform_rejected", "Invalid fulfillment order line item quantity");
  expect_refused_shipment(id, json::array{json::object{{"id", "987654"}, {"quantity", 1}}}, 422,
                          "write_not_possible", "not a line of the Shopify order");
  // A held order's fulfillment order cannot be fulfilled: Shopify says so.
  const std::string on_hold = new_order("on_hold");
  expect_refused_shipment(on_hold, json::array{}, 422, "platform_rejected",
                          "unfulfillable status= on_hold");
  // An app without the fulfillment order scopes.
  sandbox_->control("POST", shop_, "settings",
                    json::object{{"access_scopes", "read_orders,write_orders,read_products"}});
  expect_refused_shipment(id, json::array{}, 502, "store_permission_denied", "fulfillment");
  sandbox_->control("POST", shop_, "settings", json::object{{"access_scopes", kShopifyScopes}});
  EXPECT_EQ(held(id), before);
}

TEST_F(WriteApi, OnShopifyAShipmentCutOffAfterCommitIsNotMadeTwice) {
  // The look costs about 320 points: the earlier tests' calls leave the standard bucket (2,000
  // points, 100 a second) too low to afford it within the 2 s this test allows a call. A Plus
  // store's bucket (20,000, 1,000 a second), seen by the gateway through one answer first.
  sandbox_->control("POST", shop_, "settings",
                    json::object{{"bucket_size", "20000"}, {"restore_rate", "1000"}});
  start(2s, {}, "shopify");
  auto seen = post("order.info", json::object{{"store_id", store_}, {"id", order_id(0)}});
  ASSERT_EQ(seen.status, 200) << seen.body;
  expect_a_cut_off_shipment_made_once();
}

TEST_F(WriteApi, OnWooCommerceAShipmentTracksSomeLinesAndThenTheRest) {
  start(20s);
  const auto [id, lines] = order_to_ship(3);
  ASSERT_EQ(lines.size(), 3u);
  const std::string link = "https://www.ups.com/track?tracknum=1Z999AA10123456784";
  const json::value shipment =
      ship_first_line(id, lines, {{"tracking_url", link}, {"notify_customer", true}});
  ASSERT_TRUE(shipment.is_object());
  EXPECT_EQ(shipment.at("tracking_url").as_string(), link);
  EXPECT_EQ(shipment.at("notify_customer"), true);
  EXPECT_EQ(shipment.at("order").at("status"), "processing");
  // The tracking item as the Shipment Tracking extension keeps one, and one note saying so.
  const json::value stored = held(id);
  const json::value item = shipments(stored).at(0);
  EXPECT_EQ(item.at("custom_tracking_provider"), "UPS");
  EXPECT_EQ(item.at("custom_tracking_link").as_string(), link);
  EXPECT_EQ(item.at("tracking_number"), "1Z999AA10123456784");
  EXPECT_EQ(item.at("tracking_id").as_string(), shipment.at("id").as_string());
  const std::string shipped_on(item.at("date_shipped").as_string());
  EXPECT_FALSE(shipped_on.empty());
  EXPECT_EQ(shipped_on.find_first_not_of("0123456789"), std::string::npos) << shipped_on;
  ASSERT_EQ(stored.at("notes").as_array().size(), 1u) << stored;
  const std::string note(stored.at("notes").at(0).as_string());
  EXPECT_TRUE(note.starts_with("Shipped ")) << note;
  EXPECT_NE(note.find("by UPS, tracking number 1Z999AA10123456784: " + link), std::string::npos)
      << note;

  // Without line_items: everything not yet shipped; the order is completed with it.
  const json::value second =
      ship_the_rest(id, lines, {{"tracking_number", "JJD000390007"}, {"carrier", "DHL"}});
  ASSERT_TRUE(second.is_object());
  EXPECT_EQ(second.at("carrier"), "DHL");
  EXPECT_EQ(second.at("notify_customer"), false);
  EXPECT_EQ(second.at("order").at("status"), "completed");
  EXPECT_EQ(held(id).at("state"), "completed");
  auto none = post("order.shipment.add", update(store_, id, {{"tracking_number", "X1"}}));
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(none.json().at("code"), "write_not_possible");
  EXPECT_EQ(shipments(held(id)).size(), 2u);
  EXPECT_EQ(held(id).at("notes").as_array().size(), 2u);
}

TEST_F(WriteApi, OnWooCommerceABadShipmentIsRefusedWithTheReasonAndMakesNothing) {
  start(20s);
  const auto [id, lines] = order_to_ship(2);
  ASSERT_EQ(lines.size(), 2u);
  const auto before = held(id);
  const std::int64_t all = lines[0].at("quantity").as_int64();
  expect_refused_shipment(
      id, json::array{json::object{{"id", lines[0].at("id")}, {"quantity", all + 1}}}, 422,
      "write_not_possible", "left to ship");
  expect_refused_shipment(id, json::array{json::object{{"id", "987654"}, {"quantity", 1}}}, 422,
                          "write_not_possible", "not a line of the WooCommerce order");
  expect_refused_shipment(id, json::array{json::object{{"id", "abc"}, {"quantity", 1}}}, 422,
                          "write_not_possible", "not a line of the WooCommerce order");
  expect_refused_shipment("99999999", json::array{}, 404, "entity_not_found", "");
  // A cancelled order does not ship.
  expect_refused_shipment(new_order("cancelled"), json::array{}, 422, "write_not_possible",
                          "cancelled");
  // A key that may only read: WooCommerce's refusal.
  sandbox_->control("POST", woo_, "settings", json::object{{"key_permissions", "read"}});
  expect_refused_shipment(id, json::array{}, 502, "store_permission_denied", "write permissions");
  sandbox_->control("POST", woo_, "settings", json::object{{"key_permissions", "read_write"}});
  EXPECT_EQ(held(id), before);
}

TEST_F(WriteApi, OnWooCommerceAShipmentCutOffAfterCommitIsNotMadeTwice) {
  start(2s);
  std::string id;
  expect_a_cut_off_shipment_made_once(&id);
  if (HasFatalFailure()) return;
  // The retry added the note the cut-off attempt never got to, once.
  const json::value stored = held(id);
  ASSERT_EQ(stored.at("notes").as_array().size(), 1u) << stored;
  EXPECT_NE(stored.at("notes").at(0).as_string().find("CUT-OFF-woocommerce"), std::string::npos);
}

// A product sold without variants, new in the running gateway's sandbox store: its id.
std::string WriteApi::new_product(const std::string& name, std::int64_t price_minor, int variants) {
  auto r = sandbox_->control(
      "POST", target_, "products",
      json::object{{"name", name}, {"price_minor", price_minor}, {"variants", variants}});
  EXPECT_EQ(r.status, 201) << r.body;
  return std::string(r.json().at("platform_id").as_string());
}

TEST_F(WriteApi, OnWooCommerceAShipmentComesBackAsOneApiEvent) {
  listen_for("woocommerce", "order.updated");
  if (HasFatalFailure()) return;
  const auto [id, lines] = order_to_ship(2);
  ASSERT_EQ(lines.size(), 2u);
  // The order's creation first; the shipment in a later second (whole-second versions).
  await_creation("order.add", id);
  if (HasFatalFailure()) return;

  auto shipped = post(
      "order.shipment.add",
      update(
          store_, id,
          {{"line_items", json::array{lines[0]}}, {"tracking_number", "EV-1"}, {"carrier", "UPS"}}),
      "ship-event");
  ASSERT_EQ(shipped.status, 200) << shipped.body;
  const std::vector<json::value> ours = settled_events("order.update", id);
  ASSERT_EQ(ours.size(), 1u);
  EXPECT_EQ(ours[0].at("source"), "api") << ours[0];
  EXPECT_EQ(ours[0].at("origin").at("idempotency_key"), "ship-event") << ours[0];
  EXPECT_EQ(ours[0].at("data").at("fulfillment_status"), "partial") << ours[0];
}

void WriteApi::expect_product_updates(
    const std::string& id, const std::string& key, std::string_view archived_as,
    const std::function<void(const json::value& raw)>& held_as_sale) {
  // On sale: the price customers pay, and the one struck through.
  const json::object sale{{"price", "14.50"}, {"compare_at_price", "18.00"}};
  json::value p = change_product(id, sale, key);
  ASSERT_TRUE(p.is_object());
  EXPECT_EQ(amount(p.at("price")), "14.50");
  EXPECT_EQ(amount(p.at("compare_at_price")), "18.00");
  auto raw =
      post("product.info", json::object{{"store_id", store_}, {"id", id}, {"include", "raw"}});
  ASSERT_EQ(raw.status, 200) << raw.body;
  held_as_sale(raw.json().at("raw"));
  json::object repeat = sale;
  repeat["store_id"] = store_;
  repeat["id"] = id;
  auto again = post("product.update", repeat, key);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  // A new price alone keeps the sale; stock turns the store's stock counting on.
  p = change_product(id, {{"price", "12"}, {"stock_quantity", 7}});
  EXPECT_EQ(amount(p.at("price")), "12.00");
  EXPECT_EQ(amount(p.at("compare_at_price")), "18.00");
  EXPECT_EQ(p.at("inventory_quantity"), 7);
  // null ends the sale at the price customers pay now.
  p = change_product(id, {{"compare_at_price", nullptr}});
  EXPECT_EQ(amount(p.at("price")), "12.00");
  EXPECT_EQ(amount(p.at("compare_at_price")), "null");
  p = change_product(id, {{"status", "archived"}, {"stock_quantity", 0}});
  EXPECT_EQ(p.at("status"), "archived");
  EXPECT_EQ(p.at("native_status").as_string(), archived_as);
  EXPECT_EQ(p.at("inventory_quantity"), 0);
  // As product.info reads it.
  auto info = post("product.info", json::object{{"store_id", store_}, {"id", id}});
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(amount(info.json().at("data").at("price")), "12.00");
  EXPECT_EQ(info.json().at("data").at("status"), "archived");
}

TEST_F(WriteApi, OnWooCommerceAProductGetsItsPriceSaleStockAndStatus) {
  start();
  // WooCommerce holds a sale as its regular and sale prices.
  expect_product_updates(new_product("Enamel mug", 1800), "mug-sale", "private",
                         [](const json::value& raw) {
                           EXPECT_EQ(raw.at("regular_price"), "18.00") << raw;
                           EXPECT_EQ(raw.at("sale_price"), "14.50") << raw;
                         });
}

TEST_F(WriteApi, OnWooCommerceABadProductUpdateIsRefusedAndChangesNothing) {
  start();
  const std::string id = new_product("Linen towel", 2500);
  const auto before = post("product.info", json::object{{"store_id", store_}, {"id", id}});
  ASSERT_EQ(before.status, 200) << before.body;
  // Malformed requests never leave the gateway; money is never a JSON number.
  expect_refused_product_update(id, {{"price", 19.99}}, 400, "invalid_parameter", "decimal string");
  expect_refused_product_update(id, {{"price", "19.999.1"}}, 400, "invalid_parameter",
                                "decimal string");
  expect_refused_product_update(id, {{"price", "-3"}}, 400, "invalid_parameter", "decimal string");
  expect_refused_product_update(id, {{"price", "20"}, {"compare_at_price", "20"}}, 400,
                                "invalid_parameter", "above 'price'");
  expect_refused_product_update(id, {{"stock_quantity", -1}}, 400, "invalid_parameter",
                                "stock_quantity");
  expect_refused_product_update(id, {{"status", "publish"}}, 400, "invalid_parameter",
                                "active, draft, archived");
  expect_refused_product_update(id, {{"weight", "3"}}, 400, "unknown_parameter", "weight");
  expect_refused_product_update(id, {}, 400, "invalid_parameter", "Nothing to change");
  // A compare-at price at or below the price WooCommerce would drop: refused before sending.
  expect_refused_product_update(id, {{"compare_at_price", "20.00"}}, 422, "write_not_possible",
                                "not above the price");
  // A variable product is priced by its variations.
  std::string variable;
  for (int n = 1; n <= 20 && variable.empty(); ++n) {
    auto one =
        post("product.info",
             json::object{{"store_id", store_}, {"id", std::to_string(n)}, {"include", "raw"}});
    if (one.status == 200 && one.json().at("raw").at("type") == "variable")
      variable = std::to_string(n);
  }
  ASSERT_FALSE(variable.empty()) << "the sandbox store has no variable product";
  expect_refused_product_update(variable, {{"price", "10.00"}}, 422, "write_not_possible",
                                "variations");
  expect_refused_product_update("99999999", {{"status", "draft"}}, 404, "entity_not_found",
                                "no such product");
  expect_refused_product_update("99999999", {{"price", "1.00"}}, 404, "entity_not_found",
                                "no such product");
  sandbox_->control("POST", woo_, "settings", json::object{{"key_permissions", "read"}});
  expect_refused_product_update(id, {{"status", "draft"}}, 502, "store_permission_denied",
                                "write permissions");
  sandbox_->control("POST", woo_, "settings", json::object{{"key_permissions", "read_write"}});
  const auto after = post("product.info", json::object{{"store_id", store_}, {"id", id}});
  EXPECT_EQ(after.json().at("data"), before.json().at("data"));
}

TEST_F(WriteApi, OnWooCommerceAProductChangeComesBackAsOneApiEvent) {
  expect_one_product_api_event("woocommerce", "product.updated");
}

TEST_F(WriteApi, OnBigCommerceAProductGetsItsPriceSaleStockAndStatus) {
  start(20s, {}, "bigcommerce");
  const std::string id = new_product("Enamel mug", 1800);
  // BigCommerce charges the sale price and strikes its price through (raw keeps a fraction's
  // exact text).
  expect_product_updates(id, "bc-mug-sale", "disabled", [](const json::value& raw) {
    const auto number = [](const json::value& v) {
      return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
    };
    EXPECT_EQ(number(raw.at("price")), "18") << raw;
    EXPECT_EQ(number(raw.at("sale_price")), "14.5") << raw;
  });
  // Draft: hidden but still available.
  EXPECT_EQ(change_product(id, {{"status", "draft"}}).at("native_status"), "hidden");
}

TEST_F(WriteApi, OnMagentoAProductGetsItsPriceSaleStockAndStatus) {
  start(20s, {}, "magento");
  const std::string id = new_product("Enamel mug", 1800);
  // Magento keeps the price struck through and a special price customers pay (an EAV decimal:
  // six places, as text).
  expect_product_updates(id, "mage-mug-sale", "disabled", [](const json::value& raw) {
    EXPECT_EQ(raw.at("price"), 18) << raw;
    std::string special;
    for (const auto& a : raw.at("custom_attributes").as_array()) {
      if (a.at("attribute_code") == "special_price") special = a.at("value").as_string();
    }
    EXPECT_EQ(special, "14.500000") << raw;
  });
  // Out of the archive, a draft is disabled but visible again.
  const json::value draft = change_product(id, {{"status", "draft"}});
  EXPECT_EQ(draft.at("status"), "draft");
  auto raw =
      post("product.info", json::object{{"store_id", store_}, {"id", id}, {"include", "raw"}});
  EXPECT_EQ(raw.json().at("raw").at("visibility"), 4) << raw.body;
}

TEST_F(WriteApi, OnMagentoABadProductUpdateIsRefusedAndChangesNothing) {
  start(20s, {}, "magento");
  const std::string id = new_product("Linen towel", 2500);
  const auto before = post("product.info", json::object{{"store_id", store_}, {"id", id}});
  ASSERT_EQ(before.status, 200) << before.body;
  expect_refused_product_update(id, {{"compare_at_price", "20.00"}}, 422, "write_not_possible",
                                "not above the price");
  // A configurable product is priced and stocked by its children.
  std::string configurable;
  for (int n = 1; n <= 20 && configurable.empty(); ++n) {
    auto one =
        post("product.info",
             json::object{{"store_id", store_}, {"id", std::to_string(n)}, {"include", "raw"}});
    if (one.status == 200 && one.json().at("raw").at("type_id") == "configurable")
      configurable = std::to_string(n);
  }
  ASSERT_FALSE(configurable.empty()) << "the sandbox store has no configurable product";
  expect_refused_product_update(configurable, {{"price", "4.00"}}, 422, "write_not_possible",
                                "configurable");
  expect_refused_product_update("99999999", {{"status", "draft"}}, 404, "entity_not_found",
                                "no such product");
  sandbox_->control("POST", mage_, "settings",
                    json::object{{"denied_resources", "Magento_Catalog::products"}});
  expect_refused_product_update(id, {{"status", "draft"}}, 502, "store_permission_denied",
                                "Magento_Catalog::products");
  sandbox_->control("POST", mage_, "settings", json::object{{"denied_resources", ""}});
  const auto after = post("product.info", json::object{{"store_id", store_}, {"id", id}});
  EXPECT_EQ(after.json().at("data"), before.json().at("data"));
}

TEST_F(WriteApi, OnMagentoAnEndedSaleIsPolledAsOneApiEvent) {
  start(20s, {{"CARTGATE_EVENTS_POLL_INTERVAL_MS", "500"}}, "magento");
  // The first poll records where it starts; the product made after it is news.
  std::this_thread::sleep_for(1500ms);
  const std::string id = new_product("Oak board", 4200);
  await_creation("product.add", id);
  if (HasFatalFailure()) return;
  change_product(id, {{"price", "39.00"}, {"compare_at_price", "42.00"}}, "mage-board-sale");
  std::this_thread::sleep_for(1100ms);  // versions are Magento's updated_at seconds
  // The price API's deletion alone leaves updated_at as it was; the save after it moves it, so
  // the next poll sees the sale's end.
  const json::value ended =
      change_product(id, {{"compare_at_price", nullptr}}, "mage-board-sale-end");
  EXPECT_EQ(amount(ended.at("compare_at_price")), "null");
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  // The feed is oldest first: the sale's end is the newest event.
  const auto newest_key = [&] {
    const auto events = events_of("product.update", id);
    const auto* origin = events.empty() ? nullptr : events.back().as_object().if_contains("origin");
    return origin != nullptr ? origin->at("idempotency_key") : json::value(nullptr);
  };
  while (newest_key() != "mage-board-sale-end" && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(200ms);
  const auto events = events_of("product.update", id);
  ASSERT_FALSE(events.empty());
  const json::value& newest = events.back();
  EXPECT_EQ(newest.at("source"), "api") << newest;
  EXPECT_EQ(newest.at("origin").at("idempotency_key"), "mage-board-sale-end") << newest;
  EXPECT_TRUE(newest.at("data").at("compare_at_price").is_null()) << newest;
  EXPECT_EQ(amount(newest.at("data").at("price")), "39.00");
}

TEST_F(WriteApi, OnShopifyAProductGetsItsPriceSaleStockAndStatus) {
  start(20s, {}, "shopify");
  const std::string id = new_product("Enamel mug", 1800);
  // Shopify holds both prices on the product's one variant (its Money drops trailing zeros).
  expect_product_updates(id, "shop-mug-sale", "ARCHIVED", [](const json::value& raw) {
    const auto& variant = raw.at("variants").at("nodes").at(0);
    EXPECT_EQ(variant.at("price"), "14.5") << raw;
    EXPECT_EQ(variant.at("compareAtPrice"), "18.0") << raw;
  });
  EXPECT_EQ(change_product(id, {{"status", "draft"}}).at("native_status"), "DRAFT");
}

TEST_F(WriteApi, OnBigCommerceABadProductUpdateIsRefusedAndChangesNothing) {
  start(20s, {}, "bigcommerce");
  const std::string id = new_product("Linen towel", 2500);
  const auto before = post("product.info", json::object{{"store_id", store_}, {"id", id}});
  ASSERT_EQ(before.status, 200) << before.body;
  expect_refused_product_update(id, {{"compare_at_price", "20.00"}}, 422, "write_not_possible",
                                "not above the price");
  // A product with options counts its stock per variant.
  std::string with_variants;
  for (int n = 1; n <= 20 && with_variants.empty(); ++n) {
    auto one = post("product.info", json::object{{"store_id", store_}, {"id", std::to_string(n)}});
    if (one.status == 200 && one.json().at("data").at("variants").as_array().size() > 1)
      with_variants = std::to_string(n);
  }
  ASSERT_FALSE(with_variants.empty()) << "the sandbox store has no product with variants";
  expect_refused_product_update(with_variants, {{"stock_quantity", 4}}, 422, "write_not_possible",
                                "per variant");
  expect_refused_product_update("99999999", {{"status", "draft"}}, 404, "entity_not_found",
                                "no such product");
  expect_refused_product_update("99999999", {{"price", "1.00"}}, 404, "entity_not_found",
                                "no such product");
  sandbox_->control("POST", target_, "settings", json::object{{"products_scope", "read_only"}});
  expect_refused_product_update(id, {{"status", "draft"}}, 502, "store_permission_denied",
                                "required scope");
  sandbox_->control("POST", target_, "settings", json::object{{"products_scope", "modify"}});
  const auto after = post("product.info", json::object{{"store_id", store_}, {"id", id}});
  EXPECT_EQ(after.json().at("data"), before.json().at("data"));
}

TEST_F(WriteApi, OnBigCommerceAProductChangeComesBackAsOneApiEvent) {
  // BigCommerce sends store/product/updated and store/product/inventory/updated for it.
  expect_one_product_api_event("bigcommerce", "store/product/updated");
}

TEST_F(WriteApi, OnShopifyABadProductUpdateIsRefusedAndChangesNothing) {
  start(20s, {}, "shopify");
  const std::string id = new_product("Linen towel", 2500);
  const auto before = post("product.info", json::object{{"store_id", store_}, {"id", id}});
  ASSERT_EQ(before.status, 200) << before.body;
  expect_refused_product_update(id, {{"compare_at_price", "20.00"}}, 422, "write_not_possible",
                                "not above the price");
  // A product with options is priced and stocked by its variants.
  std::string with_options;
  const auto listed = post("product.list", json::object{{"store_id", store_}, {"limit", 50}});
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json::value products = listed.json().at("data");
  for (const auto& product : products.as_array()) {
    if (with_options.empty() && product.at("variants").as_array().size() > 1)
      with_options = std::string(product.at("id").as_string());
  }
  ASSERT_FALSE(with_options.empty()) << "the sandbox store has no product with options";
  expect_refused_product_update(with_options, {{"price", "4.00"}}, 422, "write_not_possible",
                                "options");
  expect_refused_product_update(with_options, {{"stock_quantity", 4}}, 422, "write_not_possible",
                                "options");
  expect_refused_product_update("99999999", {{"status", "draft"}}, 404, "entity_not_found",
                                "no such product");
  // An app without write_products, or without write_inventory for stock: ACCESS_DENIED.
  sandbox_->control("POST", target_, "settings",
                    json::object{{"access_scopes", "read_products,write_inventory"}});
  expect_refused_product_update(id, {{"status", "draft"}}, 502, "store_permission_denied",
                                "write_products");
  sandbox_->control("POST", target_, "settings",
                    json::object{{"access_scopes", "read_products,write_products"}});
  expect_refused_product_update(id, {{"stock_quantity", 3}}, 502, "store_permission_denied",
                                "write_inventory");
  sandbox_->control("POST", target_, "settings", json::object{{"access_scopes", kShopifyScopes}});
  const auto after = post("product.info", json::object{{"store_id", store_}, {"id", id}});
  EXPECT_EQ(after.json().at("data"), before.json().at("data"));
}

TEST_F(WriteApi, OnShopifyAProductChangeComesBackAsOneApiEvent) {
  // The stock write fires inventory_levels/update and products/update.
  expect_one_product_api_event("shopify", "products/update");
}

TEST_F(WriteApi, CapabilitiesSayWhatEachPlatformWrites) {
  start();
  for (const std::string platform : {"woocommerce", "bigcommerce", "magento", "shopify"}) {
    const std::string store = platform == "woocommerce" ? store_ : add(platform);
    auto r = post("store.capabilities", json::object{{"store_id", store}});
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value answer = r.json();
    const auto& writes = answer.at("data").at("writes").as_array();
    // Every platform writes products; Shopify and BigCommerce their variants too; every
    // platform changes and adds customers (Magento without the phone, which it keeps on
    // addresses).
    const bool variants = platform == "shopify" || platform == "bigcommerce";
    ASSERT_EQ(writes.size(), 5u + (variants ? 1 : 0)) << r.body;
    EXPECT_EQ(writes[2].at("operation"), "product.update") << platform;
    EXPECT_EQ(writes[2].at("fields"),
              (json::array{"price", "compare_at_price", "status", "stock_quantity"}))
        << platform;
    if (variants) {
      EXPECT_EQ(writes[3].at("operation"), "product.variant.update") << platform;
      EXPECT_EQ(writes[3].at("fields"),
                (json::array{"price", "compare_at_price", "stock_quantity"}))
          << platform;
    }
    const json::value& update = writes[writes.size() - 2];
    EXPECT_EQ(update.at("operation"), "customer.update") << platform;
    // Marketing consent where the platform keeps one (not WooCommerce); the default address
    // everywhere (Magento's phone is its default address's).
    json::array fields{"first_name", "last_name", "email", "phone"};
    if (platform != "woocommerce") fields.emplace_back("email_marketing");
    fields.emplace_back("default_address");
    EXPECT_EQ(update.at("fields"), fields) << platform;
    EXPECT_EQ(writes.back().at("operation"), "customer.add") << platform;
    json::array added{"email", "first_name", "last_name", "phone"};
    if (platform != "woocommerce") added.emplace_back("email_marketing");
    added.emplace_back("default_address");
    EXPECT_EQ(writes.back().at("fields"), added) << platform;
    EXPECT_EQ(writes[0].at("operation"), "order.update") << platform;
    EXPECT_EQ(writes[0].at("fields"), (json::array{"status", "note"})) << platform;
    if (platform == "bigcommerce") {
      EXPECT_EQ(writes[1].at("operation"), "order.shipment.add");
      EXPECT_EQ(writes[1].at("fields"),
                (json::array{"line_items", "tracking_number", "carrier", "tracking_url"}));
    }
    if (platform != "bigcommerce") {
      EXPECT_EQ(writes[1].at("operation"), "order.shipment.add");
      EXPECT_EQ(writes[1].at("fields"), (json::array{"line_items", "tracking_number", "carrier",
                                                     "tracking_url", "notify_customer"}));
    }
  }
}

}  // namespace cartgate::test
