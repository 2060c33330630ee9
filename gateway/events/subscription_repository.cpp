#include "events/subscription_repository.hpp"

#include <boost/json/serialize.hpp>

namespace cartgate::events {

namespace asio = boost::asio;
namespace json = boost::json;
using boost::system::error_code;

namespace {

std::string member(std::string_view tenant, std::string_view id) {
  std::string out(tenant);
  out.append("|").append(id);
  return out;
}

}  // namespace

asio::awaitable<SubscriptionRepository::Result<void>> SubscriptionRepository::insert(
    const Subscription& s) {
  std::vector<std::vector<std::string>> cmds;
  cmds.push_back({"HSET", keys_.subscriptions(s.tenant), s.id, json::serialize(to_json(s))});
  // The group starts at the queue's beginning: the queue is new, nothing is skipped.
  cmds.push_back({"XGROUP", "CREATE", keys_.subscription_queue(s.tenant, s.id),
                  std::string(kDeliveryGroup), "0", "MKSTREAM"});
  cmds.push_back({"SADD", keys_.all_subscriptions(), member(s.tenant, s.id)});
  for (const auto& r : co_await redis_.pipeline(std::move(cmds))) {
    if (!r) co_return r.error();
    if (r->is_error() && !r->str.starts_with("BUSYGROUP")) {
      co_return error_code(redis::errc::server_error);
    }
  }
  co_return Result<void>{};
}

asio::awaitable<SubscriptionRepository::Result<std::vector<Subscription>>>
SubscriptionRepository::list(std::string tenant) {
  auto r = co_await redis_.command("HGETALL", keys_.subscriptions(tenant));
  if (auto ec = redis::failure_of(r)) co_return ec;
  std::vector<Subscription> out;
  for (std::size_t i = 0; i + 1 < r->elements.size(); i += 2) {
    if (auto s = subscription_from_json(r->elements[i + 1].str, tenant)) {
      out.push_back(std::move(*s));
    }
  }
  std::sort(out.begin(), out.end(), [](const Subscription& a, const Subscription& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  co_return out;
}

asio::awaitable<SubscriptionRepository::Result<std::optional<Subscription>>>
SubscriptionRepository::get(std::string tenant, std::string id) {
  auto r = co_await redis_.command("HGET", keys_.subscriptions(tenant), id);
  if (auto ec = redis::failure_of(r)) co_return ec;
  if (!r->is_string()) co_return std::optional<Subscription>{};
  co_return subscription_from_json(r->str, std::move(tenant));
}

asio::awaitable<SubscriptionRepository::Result<bool>> SubscriptionRepository::update(
    const Subscription& s) {
  // HSET only when the field exists: a concurrent delete wins.
  auto exists = co_await redis_.command("HEXISTS", keys_.subscriptions(s.tenant), s.id);
  if (auto ec = redis::failure_of(exists))
    co_return Result<bool>(boost::system::in_place_error, ec);
  if (exists->as_integer().value_or(0) != 1) co_return false;
  auto r = co_await redis_.command("HSET", keys_.subscriptions(s.tenant), s.id,
                                   json::serialize(to_json(s)));
  if (auto ec = redis::failure_of(r)) co_return Result<bool>(boost::system::in_place_error, ec);
  co_return true;
}

asio::awaitable<SubscriptionRepository::Result<void>> SubscriptionRepository::reset_failures(
    std::string tenant, std::string id) {
  auto r = co_await redis_.command("HSET", keys_.subscription_health(tenant, id),
                                   "consecutive_failures", "0");
  if (auto ec = redis::failure_of(r)) co_return Result<void>(boost::system::in_place_error, ec);
  co_return Result<void>();
}

asio::awaitable<SubscriptionRepository::Result<bool>> SubscriptionRepository::remove(
    std::string tenant, std::string id) {
  std::vector<std::vector<std::string>> cmds;
  cmds.push_back({"HDEL", keys_.subscriptions(tenant), id});
  cmds.push_back({"SREM", keys_.all_subscriptions(), member(tenant, id)});
  cmds.push_back({"DEL", keys_.subscription_queue(tenant, id),
                  keys_.subscription_health(tenant, id), keys_.dead_letters(tenant, id),
                  keys_.retry_schedule(tenant, id)});
  auto replies = co_await redis_.pipeline(std::move(cmds));
  for (const auto& r : replies) {
    if (auto ec = redis::failure_of(r)) co_return Result<bool>(boost::system::in_place_error, ec);
  }
  co_return replies.front()->as_integer().value_or(0) == 1;
}

asio::awaitable<SubscriptionRepository::Result<SubscriptionHealth>> SubscriptionRepository::health(
    std::string tenant, std::string id) {
  std::vector<std::vector<std::string>> cmds;
  cmds.push_back({"HGETALL", keys_.subscription_health(tenant, id)});
  cmds.push_back({"LLEN", keys_.dead_letters(tenant, id)});
  auto replies = co_await redis_.pipeline(std::move(cmds));
  for (const auto& r : replies) {
    if (auto ec = redis::failure_of(r)) co_return ec;
  }
  SubscriptionHealth h;
  const auto& fields = replies[0]->elements;
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
    const auto& k = fields[i].str;
    const auto& v = fields[i + 1].str;
    if (k == "consecutive_failures")
      h.consecutive_failures = std::strtoll(v.c_str(), nullptr, 10);
    else if (k == "last_error")
      h.last_error = v;
    else if (k == "last_failure_at")
      h.last_failure_at = v;
    else if (k == "last_success_at")
      h.last_success_at = v;
  }
  h.dead_letters = replies[1]->as_integer().value_or(0);
  co_return h;
}

asio::awaitable<SubscriptionRepository::Result<std::vector<std::string>>>
SubscriptionRepository::all_members() {
  auto r = co_await redis_.command("SMEMBERS", keys_.all_subscriptions());
  if (auto ec = redis::failure_of(r)) co_return ec;
  std::vector<std::string> out;
  for (const auto& e : r->elements)
    out.push_back(e.str);
  co_return out;
}

}  // namespace cartgate::events
