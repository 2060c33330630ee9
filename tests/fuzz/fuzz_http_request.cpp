// Untrusted: raw request bytes from any client. They are parsed by Beast with the gateway's
// limits and translated into the Request handlers see (path decoding, request id, client
// address behind trusted proxies), as the session does.
#include <cstdint>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/request_translation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace bhttp = boost::beast::http;
  static const auto trusted = *cartgate::util::CidrSet::parse("10.0.0.0/8");
  static const cartgate::http::Peer peers[] = {
      {boost::asio::ip::make_address("203.0.113.7"), "203.0.113.7:4000"},
      {boost::asio::ip::make_address("10.1.2.3"), "10.1.2.3:4000"}};  // a trusted proxy
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;
  for (const auto& peer : peers) {
    auto message = parser.get();  // a copy per peer: translation moves the body out
    cartgate::http::Request out;
    const bool ok = cartgate::http::translate_request(message, peer, trusted, out);
    if (!cartgate::http::is_request_id(out.request_id)) __builtin_trap();
    if (ok && (out.path.empty() || out.path.front() != '/')) __builtin_trap();
    if (ok && out.path.find('\0') != std::string::npos) __builtin_trap();
    // Only a trusted proxy may name another client address.
    if (&peer == &peers[0] && out.client_ip != "203.0.113.7") __builtin_trap();
  }
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto path = cartgate::http::decode_path(input)) {
    if (path->size() > input.size()) __builtin_trap();
  }
  return 0;
}
