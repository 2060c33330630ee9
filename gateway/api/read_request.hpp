#pragma once
// The parameters of order|customer|product|cart .list|.info|.count, checked and turned into a
// connector ReadQuery, and the list cursor: the query plus, per store, where its scan stands.
// The cursor is sealed (CursorCodec) and bound to the tenant and the method.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <cartgate/connector.hpp>

#include "api/call.hpp"
#include "api/params.hpp"

namespace cartgate::api {

/// "a,b,,c" → {a, b, c}: the comma lists of list parameters.
std::vector<std::string> split_list(std::string_view text);

/// Where one store's part of a list scan stands: re-reading `token` and skipping `skip`
/// records gives the next unseen record.
struct StoreScan {
  std::string store_id;
  std::string token;
  std::int64_t skip = 0;
  bool done = false;
};

struct ReadRequest {
  std::string method;  // "order.list", ...
  ReadQuery query;     // entity, verb, id, time range, filters
  bool all_stores = false;
  bool fan_out = false;  // several stores (or all): partial answers instead of failures
  std::vector<std::string> store_ids;  // when not all_stores; with a cursor: from it
  std::int64_t limit = 50;
  std::vector<std::string> fields;  // empty: every field
  bool include_raw = false;
  std::optional<std::vector<StoreScan>> scans;  // from the cursor
};

constexpr std::int64_t kMaxLimit = 250;
constexpr std::size_t kMaxFanOut = 100;  // stores one fanned-out call reads concurrently

ApiResult<ReadRequest> parse_read_request(const CallContext& call, Entity entity, ReadVerb verb);

std::string encode_list_cursor(const CallContext& call, const ReadRequest& request,
                               const std::vector<StoreScan>& scans);

}  // namespace cartgate::api
