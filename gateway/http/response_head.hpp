#pragma once
// The status line and header block of a response, written straight into a reusable buffer.
// Beast's serializer walked a chain of buffer views and allocated a node per header field for
// every response; for a small answer that was most of the user-space cost of writing it.

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace cartgate::http {

/// Appends to `out` the head of `r` for an HTTP/1.`version % 10` client: status line, the
/// response's headers, X-Request-Id (if not empty), Content-Length (except for 1xx, 204 and
/// 304, which have no body) and the Connection header `keep_alive` calls for, then the blank
/// line. Header names and values are ours, never a client's bytes, but a CR or LF in them is
/// still written as a space so that no value can split the head.
void append_response_head(std::string& out, const Response& r, unsigned version, bool keep_alive,
                          std::string_view request_id);

/// Whether a response with this status carries a body (RFC 9110 section 6.4.1).
bool status_has_body(int status);

}  // namespace cartgate::http
