#pragma once
// From a parsed HTTP/1.1 message to the Request handlers see: the percent-decoded path, the
// raw query, the headers, the request id (the caller's when well-formed) and the client's
// address. Everything in it came from the network, so it is its own unit with a fuzz target.

#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.hpp"
#include "util/cidr_set.hpp"

namespace cartgate::http {

/// Percent-decodes a request path; nullopt for a malformed escape or an encoded NUL.
std::optional<std::string> decode_path(std::string_view raw);

/// 1-128 characters of [A-Za-z0-9._-].
bool is_request_id(std::string_view v);

/// 24 random hex characters.
std::string new_request_id();

struct Peer {
  boost::asio::ip::address address;
  std::string text;  // "address:port", for logs
  // The client address when no trusted proxy speaks for another (client_address() of the peer
  // alone), written once per connection instead of once per request. Empty: worked out each
  // time.
  std::string ip;
};

/// Moves the message's body into `out`. False when the target is not an origin-form path
/// that decodes; `out.request_id` is set either way.
bool translate_request(boost::beast::http::request<boost::beast::http::string_body>& message,
                       const Peer& peer, const util::CidrSet& trusted_proxies, Request& out);

}  // namespace cartgate::http
