#pragma once
// Who is asking: the connection's peer, or, behind proxies the operator trusts (a TLS
// terminator, a load balancer), the client they name in X-Forwarded-For. Only hops added by
// trusted proxies are believed: the rightmost address that is not itself a trusted proxy is
// the client, so a client cannot choose its own address by sending the header.

#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>

#include "util/cidr_set.hpp"

namespace cartgate::http {

std::string client_address(const boost::asio::ip::address& peer,
                           std::optional<std::string_view> forwarded_for,
                           const util::CidrSet& trusted_proxies);

}  // namespace cartgate::http
