#pragma once
// How a store is shown through the API: never its secrets. Credential fields the connector
// declares secret appear masked ("****" plus the last four characters of long values).

#include <map>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>

#include "store/store_record.hpp"

namespace cartgate::api {

std::string mask_secret(std::string_view value);

/// `credentials` is nullopt when they could not be decrypted (shown as "unreadable").
boost::json::object store_view(
    const StoreRecord& record, const Manifest* manifest,
    const std::optional<std::map<std::string, std::string>>& credentials);

}  // namespace cartgate::api
