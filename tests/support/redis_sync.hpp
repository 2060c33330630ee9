#pragma once
// A blocking Redis connection for test assertions (what did the gateway write?).

#include <memory>
#include <string>
#include <vector>

struct redisContext;

namespace cartgate::test {

class RedisSync {
 public:
  explicit RedisSync(const std::string& url);
  ~RedisSync();
  RedisSync(const RedisSync&) = delete;
  RedisSync& operator=(const RedisSync&) = delete;

  /// Every string in the reply, nested arrays flattened; integers as decimal text.
  std::vector<std::string> command(const std::vector<std::string>& args);
  /// Every key matching `pattern` (SCAN).
  std::vector<std::string> keys(const std::string& pattern);
  /// Every string stored under `key`, whatever its type.
  std::vector<std::string> values(const std::string& key);

 private:
  redisContext* ctx_ = nullptr;
};

}  // namespace cartgate::test
