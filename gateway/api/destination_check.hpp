#pragma once
// The outbound policy applied where a tenant names a destination (store.add, store.update,
// webhook.create): the URL's host is resolved now and refused with a 400 problem before
// anything is stored or any connection is made. The same rules refuse it again on every
// connect (outbound/destination.hpp), whatever DNS says by then.

#include <optional>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "api/call.hpp"

namespace cartgate::api {

/// nullopt when the host of `url` (an absolute URL already checked for shape) may be
/// connected to; else 400 `address_forbidden` or `host_unresolvable`, naming `parameter`.
boost::asio::awaitable<std::optional<http::Problem>> refuse_destination(CallContext& call,
                                                                        std::string_view url,
                                                                        std::string_view parameter);

}  // namespace cartgate::api
