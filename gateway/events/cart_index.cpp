#include "events/cart_index.hpp"

#include <algorithm>
#include <charconv>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "embedded/cart_index_page_lua.hpp"
#include "embedded/cart_index_put_lua.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::events {

namespace asio = boost::asio;
namespace json = boost::json;
using boost::system::error_code;

namespace {

// Index entries one page call may look at: filters that match little cost several short
// pages (the read API gathers up to 20) rather than one long script.
constexpr int kMinScan = 200;

std::optional<std::int64_t> ms_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  auto t = parse_rfc3339(v->get_string());
  if (!t) return std::nullopt;
  return util::unix_ms(*t);
}

std::string ms_text(const std::optional<Timestamp>& t) {
  return t ? std::to_string(util::unix_ms(*t)) : std::string();
}

// A page token is "<created ms>:<cart id>": the last entry the previous page looked at.
struct Resume {
  std::string score = "-inf";
  std::string after;
};
std::optional<Resume> parse_token(std::string_view token) {
  if (token.empty()) return Resume{};
  const auto colon = token.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::int64_t score = 0;
  auto [p, ec] = std::from_chars(token.data(), token.data() + colon, score);
  if (ec != std::errc() || p != token.data() + colon) return std::nullopt;
  return Resume{std::to_string(score), std::string(token.substr(colon + 1))};
}

}  // namespace

const redis::Script& cart_index_put_script() {
  static const redis::Script script("cart_index_put", std::string(embedded::cart_index_put_lua));
  return script;
}

const redis::Script& cart_index_page_script() {
  static const redis::Script script("cart_index_page", std::string(embedded::cart_index_page_lua));
  return script;
}

asio::awaitable<boost::system::result<IndexedCart>> CartIndex::put(const std::string& tenant,
                                                                   const std::string& store_id,
                                                                   const json::object& cart) {
  const auto* id = cart.if_contains("id");
  const auto* status = cart.if_contains("status");
  const auto updated = ms_of(cart, "updated_at");
  if (id == nullptr || !id->is_string() || status == nullptr || !status->is_string() || !updated) {
    co_return error_code(std::make_error_code(std::errc::invalid_argument));
  }
  const std::string cart_id(id->get_string());
  const std::string keys[] = {keys_.cart_index(tenant, store_id),
                              keys_.cart_snapshot(tenant, store_id, cart_id)};
  const std::string args[] = {cart_id,
                              std::to_string(*updated),
                              std::to_string(ms_of(cart, "created_at").value_or(*updated)),
                              std::string(status->get_string()),
                              json::serialize(cart),
                              std::to_string(config_.cart_index_ttl_seconds),
                              std::to_string(config_.cart_index_max_per_store),
                              keys_.cart_snapshot_prefix(tenant, store_id)};
  auto r = co_await redis_.eval(cart_index_put_script(), keys, args);
  if (auto ec = redis::failure_of(r)) co_return ec;
  if (r->elements.size() != 2) co_return error_code(redis::errc::unexpected_reply);
  co_return IndexedCart{r->elements[0].as_integer().value_or(0) == 1, r->elements[1].str};
}

asio::awaitable<boost::system::result<std::optional<json::object>>> CartIndex::get(
    const std::string& tenant, const std::string& store_id, const std::string& cart_id) {
  auto r = co_await redis_.command("HGET", keys_.cart_snapshot(tenant, store_id, cart_id), "data");
  if (auto ec = redis::failure_of(r)) co_return ec;
  if (r->is_nil()) co_return std::optional<json::object>();
  boost::system::error_code ec;
  auto v = json::parse(r->str, ec);
  if (ec || !v.is_object()) co_return error_code(redis::errc::unexpected_reply);
  co_return std::optional<json::object>(std::move(v.as_object()));
}

asio::awaitable<boost::system::result<void>> CartIndex::drop_store(const std::string& tenant,
                                                                   const std::string& store_id) {
  const std::string index = keys_.cart_index(tenant, store_id);
  // In slices, so that a store with many carts never blocks Redis with one huge command.
  constexpr std::size_t kSlice = 500;
  while (true) {
    auto ids = co_await redis_.command("ZRANGE", index, "0", std::to_string(kSlice - 1));
    if (auto ec = redis::failure_of(ids)) co_return ec;
    if (ids->elements.empty()) break;
    std::vector<std::string> unlink{"UNLINK"};
    std::vector<std::string> zrem{"ZREM", index};
    for (const auto& id : ids->elements) {
      unlink.push_back(keys_.cart_snapshot(tenant, store_id, id.str));
      zrem.push_back(id.str);
    }
    std::vector<std::vector<std::string>> commands;
    commands.push_back(std::move(unlink));
    commands.push_back(std::move(zrem));
    for (const auto& r : co_await redis_.pipeline(std::move(commands))) {
      if (auto ec = redis::failure_of(r)) co_return ec;
    }
  }
  co_return boost::system::result<void>();
}

asio::awaitable<boost::system::result<json::value>> CartIndex::page(const std::string& tenant,
                                                                    const std::string& store_id,
                                                                    const ReadQuery& q) {
  auto resume = parse_token(q.page_token);
  if (!resume) co_return error_code(std::make_error_code(std::errc::invalid_argument));
  if (q.page_token.empty() && q.created_from) {
    resume->score = std::to_string(util::unix_ms(*q.created_from));
  }
  std::string status;
  if (auto it = q.filters.find("abandoned"); it != q.filters.end() && it->second == "true") {
    status = "abandoned";
  }
  const int page_size = std::max(1, q.page_size);
  const std::string keys[] = {keys_.cart_index(tenant, store_id)};
  const std::string args[] = {keys_.cart_snapshot_prefix(tenant, store_id),
                              resume->score,
                              q.created_to ? ms_text(q.created_to) : std::string("+inf"),
                              resume->after,
                              std::to_string(page_size),
                              std::to_string(std::max(kMinScan, 4 * page_size)),
                              ms_text(q.modified_from),
                              ms_text(q.modified_to),
                              status};
  auto r = co_await redis_.eval(cart_index_page_script(), keys, args);
  if (auto ec = redis::failure_of(r)) co_return ec;
  if (r->elements.size() < 2) co_return error_code(redis::errc::unexpected_reply);
  json::array items;
  for (std::size_t i = 2; i < r->elements.size(); ++i) {
    boost::system::error_code ec;
    auto v = json::parse(r->elements[i].str, ec);
    if (!ec && v.is_object()) items.push_back(std::move(v));
  }
  json::object out{{"items", std::move(items)}, {"raw", json::array()}, {"total", nullptr}};
  const std::string& next_score = r->elements[0].str;
  out["next_page_token"] = next_score.empty() ? json::value(nullptr)
                                              : json::value(next_score + ":" + r->elements[1].str);
  co_return json::value(std::move(out));
}

}  // namespace cartgate::events
