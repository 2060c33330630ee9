#include "api/write_marks.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "log/logger.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// How long a change a write made still counts as the API's: a poll that finds it after the
// platform's webhook was lost comes within one poll interval plus its lateness.
constexpr std::chrono::seconds kVersionMarkLife = std::chrono::hours(1);

// A mark is a hint for events, never a reason to fail the write the caller asked for.
void report(const redis::Result& r, std::string_view what) {
  if (!r || r->is_error()) log::warn("write mark not kept", {{"step", std::string(what)}});
}

}  // namespace

WriteMarks::WriteMarks(redis::Client& redis, const redis::KeyLayout& keys, std::string_view tenant,
                       std::string_view store_id, std::string_view entity, std::string_view id,
                       std::string_view creation_key, std::string_view request_id,
                       const std::optional<std::string>& idempotency_key)
    : redis_(redis),
      keys_(keys),
      tenant_(tenant),
      store_id_(store_id),
      entity_(entity),
      running_key_(creation_key.empty()
                       ? keys.write_mark(tenant, store_id, entity, id, "")
                       : keys.creation_mark(tenant, store_id, entity, creation_key)) {
  json::object origin{{"request_id", request_id}};
  if (idempotency_key) origin["idempotency_key"] = *idempotency_key;
  origin_ = json::serialize(origin);
}

asio::awaitable<void> WriteMarks::running(std::chrono::milliseconds running_for) {
  report(co_await redis_.command("SET", running_key_, origin_, "PX",
                                 std::to_string(running_for.count())),
         "running");
}

asio::awaitable<void> WriteMarks::done(std::string_view id, std::int64_t updated_ms) {
  std::vector<std::vector<std::string>> commands;
  commands.push_back({"SET",
                      keys_.write_mark(tenant_, store_id_, entity_, id, std::to_string(updated_ms)),
                      origin_, "EX", std::to_string(kVersionMarkLife.count())});
  commands.push_back({"DEL", running_key_});
  auto replies = co_await redis_.pipeline(std::move(commands));
  for (const auto& r : replies)
    report(r, "done");
}

asio::awaitable<void> WriteMarks::cleared() {
  report(co_await redis_.command("DEL", running_key_), "cleared");
}

}  // namespace cartgate::api
