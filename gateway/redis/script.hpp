#pragma once
// A Lua script called by SHA1 (EVALSHA). Clients load their scripts on every (re)connect and
// reload on NOSCRIPT, so a Redis restart or SCRIPT FLUSH costs one extra round trip.

#include <string>
#include <string_view>

namespace cartgate::redis {

class Script {
 public:
  Script(std::string name, std::string source);
  const std::string& name() const { return name_; }
  const std::string& source() const { return source_; }
  const std::string& sha1() const { return sha1_; }  // lower-case hex

 private:
  std::string name_;
  std::string source_;
  std::string sha1_;
};

}  // namespace cartgate::redis
