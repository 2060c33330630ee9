#pragma once
// store.add | store.list | store.info | store.update | store.delete

#include <map>
#include <optional>
#include <string>

#include "api/call.hpp"
#include "store/store_record.hpp"

namespace cartgate::api {

boost::asio::awaitable<Outcome> store_add(CallContext& call);
boost::asio::awaitable<Outcome> store_list(CallContext& call);
boost::asio::awaitable<Outcome> store_info(CallContext& call);
boost::asio::awaitable<Outcome> store_update(CallContext& call);
boost::asio::awaitable<Outcome> store_delete(CallContext& call);

/// The store's decrypted credentials (nullopt, logged, when they do not decrypt).
std::optional<std::map<std::string, std::string>> open_credentials(const CallContext& call,
                                                                   const StoreRecord& record);

}  // namespace cartgate::api
