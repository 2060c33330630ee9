#include "auth/authenticator.hpp"

#include "auth/api_key.hpp"
#include "embedded/authenticate_and_admit_lua.hpp"
#include "log/logger.hpp"

namespace cartgate::auth {

const redis::Script& authenticate_and_admit_script() {
  static const redis::Script script("authenticate_and_admit",
                                    std::string(embedded::authenticate_and_admit_lua));
  return script;
}

boost::asio::awaitable<Admission> Authenticator::admit(std::string_view presented_key) {
  Admission a;
  const auto key = parse_api_key(presented_key);
  if (!key) {
    a.outcome = Admission::Outcome::invalid_key;
    co_return a;
  }
  a.key_id = key->key_id;
  const std::string keys[] = {keys_.api_key(key->key_id), keys_.api_key_gcra(key->key_id)};
  const std::string args[] = {key->secret_hash, "1", std::to_string(limits_.default_rate),
                              std::to_string(limits_.default_period.count()),
                              std::to_string(limits_.default_burst)};
  auto reply = co_await redis_.eval(authenticate_and_admit_script(), keys, args);
  if (!reply || reply->is_error() || reply->elements.empty()) {
    log::warn("auth: redis unavailable", {{"error", reply ? reply->str : reply.error().message()}});
    a.outcome = Admission::Outcome::unavailable;
    co_return a;
  }
  const auto& e = reply->elements;
  const auto status = e[0].as_integer().value_or(0);
  if (status == 0 || e.size() < 8) {
    a.outcome = Admission::Outcome::invalid_key;
    co_return a;
  }
  a.outcome = status == 1 ? Admission::Outcome::admitted : Admission::Outcome::limited;
  a.tenant = e[1].str;
  a.limit = e[2].as_integer().value_or(0);
  a.remaining = e[3].as_integer().value_or(0);
  a.reset_ms = e[4].as_integer().value_or(0);
  a.retry_after_ms = e[5].as_integer().value_or(0);
  a.rate = e[6].as_integer().value_or(0);
  a.period_ms = e[7].as_integer().value_or(0);
  co_return a;
}

}  // namespace cartgate::auth
