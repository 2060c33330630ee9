#include "http/response_head.hpp"

#include <charconv>

#include <boost/beast/http/status.hpp>

namespace cartgate::http {

namespace {

void append_header_text(std::string& out, std::string_view text) {
  for (const char c : text) {
    out.push_back(c == '\r' || c == '\n' ? ' ' : c);
  }
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  append_header_text(out, name);
  out.append(": ");
  append_header_text(out, value);
  out.append("\r\n");
}

void append_number(std::string& out, std::size_t n) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

}  // namespace

bool status_has_body(int status) {
  return status >= 200 && status != 204 && status != 304;
}

void append_response_head(std::string& out, const Response& r, unsigned version, bool keep_alive,
                          std::string_view request_id) {
  const int status = r.status >= 100 && r.status <= 999 ? r.status : 500;
  out.append(version >= 11 ? "HTTP/1.1 " : "HTTP/1.0 ");
  append_number(out, static_cast<std::size_t>(status));
  out.push_back(' ');
  const auto reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  out.append(reason.data(), reason.size());
  out.append("\r\n");
  for (const auto& h : r.headers) {
    // The framing headers are this function's to write.
    if (iequals(h.name, "Content-Length") || iequals(h.name, "Connection") ||
        iequals(h.name, "Transfer-Encoding")) {
      continue;
    }
    append_header(out, h.name, h.value);
  }
  if (!request_id.empty()) append_header(out, "X-Request-Id", request_id);
  if (status_has_body(status)) {
    out.append("Content-Length: ");
    append_number(out, r.body.size());
    out.append("\r\n");
  }
  // HTTP/1.1 keeps the connection unless told otherwise; HTTP/1.0 closes unless told otherwise.
  if (version >= 11 && !keep_alive) out.append("Connection: close\r\n");
  if (version < 11 && keep_alive) out.append("Connection: keep-alive\r\n");
  out.append("\r\n");
}

}  // namespace cartgate::http
