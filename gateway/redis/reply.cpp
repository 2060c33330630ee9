#include "redis/reply.hpp"

#include <charconv>
#include <string>

namespace cartgate::redis {

namespace {

class Category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "cartgate.redis"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::not_connected:
        return "redis is not connected";
      case errc::connection_lost:
        return "redis connection lost";
      case errc::timeout:
        return "redis command timed out";
      case errc::server_error:
        return "redis returned an error";
      case errc::unexpected_reply:
        return "unexpected redis reply";
    }
    return "unknown redis error";
  }
};

}  // namespace

const boost::system::error_category& category() noexcept {
  static const Category instance;
  return instance;
}

std::optional<std::int64_t> Reply::as_integer() const {
  if (type == Type::integer) return integer;
  if (type == Type::string) {
    std::int64_t v = 0;
    const auto* end = str.data() + str.size();
    auto [ptr, ec] = std::from_chars(str.data(), end, v);
    if (ec == std::errc() && ptr == end) return v;
  }
  return std::nullopt;
}

}  // namespace cartgate::redis
