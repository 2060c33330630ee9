#include "redis/script.hpp"

#include <cartgate/sdk/crypto.hpp>

namespace cartgate::redis {

Script::Script(std::string name, std::string source)
    : name_(std::move(name)),
      source_(std::move(source)),
      sha1_(sdk::hex_encode(sdk::sha1(source_))) {}

}  // namespace cartgate::redis
