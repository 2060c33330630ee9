#include "support/redis_sync.hpp"

#include <stdexcept>

#include <hiredis/hiredis.h>

#include "redis/endpoint.hpp"

namespace cartgate::test {

namespace {
void flatten(const redisReply* r, std::vector<std::string>& out) {
  switch (r->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      out.emplace_back(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.push_back(std::to_string(r->integer));
      break;
    case REDIS_REPLY_ARRAY:
      for (std::size_t i = 0; i < r->elements; ++i)
        flatten(r->element[i], out);
      break;
    case REDIS_REPLY_ERROR:
      throw std::runtime_error(std::string("redis error: ") + r->str);
    default:
      break;
  }
}
}  // namespace

RedisSync::RedisSync(const std::string& url) {
  auto ep = redis::parse_endpoint(url);
  if (!ep) throw std::runtime_error("bad redis url " + url);
  ctx_ = ep->unix_path.empty() ? redisConnect(ep->host.c_str(), ep->port)
                               : redisConnectUnix(ep->unix_path.c_str());
  if (ctx_ == nullptr || ctx_->err) {
    // A constructor that throws runs no destructor: the context is freed here.
    if (ctx_ != nullptr) redisFree(ctx_);
    ctx_ = nullptr;
    throw std::runtime_error("cannot connect to " + url);
  }
  if (ep->db != 0) command({"SELECT", std::to_string(ep->db)});
}

RedisSync::~RedisSync() {
  if (ctx_) redisFree(ctx_);
}

std::vector<std::string> RedisSync::command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
  if (reply == nullptr) throw std::runtime_error("redis connection failed");
  std::vector<std::string> out;
  try {
    flatten(reply, out);
  } catch (...) {
    freeReplyObject(reply);
    throw;
  }
  freeReplyObject(reply);
  return out;
}

std::vector<std::string> RedisSync::keys(const std::string& pattern) {
  std::vector<std::string> out;
  std::string cursor = "0";
  do {
    auto page = command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    cursor = page.at(0);
    out.insert(out.end(), page.begin() + 1, page.end());
  } while (cursor != "0");
  return out;
}

std::vector<std::string> RedisSync::values(const std::string& key) {
  const std::string type = command({"TYPE", key}).at(0);
  if (type == "string") return command({"GET", key});
  if (type == "hash") return command({"HGETALL", key});
  if (type == "set") return command({"SMEMBERS", key});
  if (type == "zset") return command({"ZRANGE", key, "0", "-1"});
  if (type == "list") return command({"LRANGE", key, "0", "-1"});
  if (type == "stream") return command({"XRANGE", key, "-", "+"});
  return {};
}

}  // namespace cartgate::test
