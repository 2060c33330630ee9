#include "outbound/store_call.hpp"

#include <mutex>
#include <set>

#include "log/logger.hpp"
#include "store/store_credentials.hpp"

namespace cartgate::outbound {

namespace asio = boost::asio;

asio::awaitable<CallResult> call_store_record(StoreCallDeps s, const StoreRecord& record,
                                              const Call& call, Lane lane,
                                              Clock::time_point deadline) {
  const Connector* connector = s.connectors.find(record.platform);
  if (connector == nullptr) {
    co_return ConnectorError{
        ConnectorErrorKind::upstream_error,
        "The connector for platform '" + record.platform + "' is not loaded in this gateway.",
        std::nullopt, std::nullopt};
  }
  auto store = open_store_context(s.cipher, record);
  if (!store) {
    co_return ConnectorError{
        ConnectorErrorKind::upstream_error,
        "Store '" + record.id + "' has credentials this gateway cannot decrypt (master key).",
        std::nullopt, std::nullopt};
  }
  co_return co_await run_store_call(s, record, *connector, *store, call, lane, deadline);
}

std::optional<StoreContext> open_store_context(const security::Cipher& cipher,
                                               const StoreRecord& record) {
  auto credentials = open_store_credentials(cipher, record);
  if (!credentials) return std::nullopt;
  return StoreContext{record.id, record.base_url, std::move(*credentials), record.settings};
}

asio::awaitable<CallResult> run_store_call(StoreCallDeps s, const StoreRecord& record,
                                           const Connector& connector, const StoreContext& store,
                                           const Call& call, Lane lane, Clock::time_point deadline,
                                           std::vector<EntityData>* entities,
                                           std::optional<std::chrono::milliseconds> max_wait) {
  const CallSetup setup{
      connector,  store,
      s.http,     deadline,
      &s.limiter, bucket_policy(connector.manifest(), record.settings, s.config.outbound),
      lane,       ingest_url(s.config, record),
      entities,   max_wait};
  auto result = co_await run_connector_call(setup, call);
  report_store_warnings(record, result);
  co_return result;
}

void report_store_warnings(const StoreRecord& record, const CallResult& result) {
  const auto* value = std::get_if<boost::json::value>(&result);
  const auto* object = value != nullptr ? value->if_object() : nullptr;
  const auto* warnings = object != nullptr ? object->if_contains("warnings") : nullptr;
  if (warnings == nullptr || !warnings->is_array()) return;
  // What concerns the store as a whole (an API version past support, a scope it lacks) is for
  // the operator too: logged once per store, code and process.
  static std::mutex mutex;
  static std::set<std::string> reported;
  for (const auto& w : warnings->as_array()) {
    const auto* o = w.if_object();
    if (o == nullptr || o->contains("record_id")) continue;
    const auto* code = o->if_contains("code");
    const auto* detail = o->if_contains("detail");
    if (code == nullptr || !code->is_string()) continue;
    {
      std::lock_guard lock(mutex);
      if (!reported.insert(record.id + "|" + std::string(code->get_string())).second) continue;
    }
    log::warn("store answered with a warning", {{"store_id", record.id},
                                                {"platform", record.platform},
                                                {"code", std::string(code->get_string())},
                                                {"detail", detail != nullptr && detail->is_string()
                                                               ? std::string(detail->get_string())
                                                               : std::string()}});
  }
}

std::string ingest_url(const Config& config, const StoreRecord& record) {
  if (config.events.public_url.empty()) return {};
  return config.events.public_url + "/v1/ingest/" + record.platform + "/" + record.id;
}

}  // namespace cartgate::outbound
