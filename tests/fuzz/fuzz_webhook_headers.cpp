// Untrusted: the headers of a webhook delivery. The input is split into header lines
// ("Name: value") that every connector's handler receives with a fixed body; the gateway's
// delivery-id handling must never see an accepted change it cannot key.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <cartgate/connector.hpp>

#include "connectors/connector_registry.hpp"

namespace {

const cartgate::ConnectorRegistry& registry() {
  static const auto r = [] {
    auto reg = std::make_unique<cartgate::ConnectorRegistry>();
    if (!cartgate::register_builtin_connectors(*reg).empty()) __builtin_trap();
    return reg;
  }();
  return *r;
}

cartgate::HttpHeaders headers_of(std::string_view text) {
  cartgate::HttpHeaders out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
      value.remove_prefix(1);
    out.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto headers = headers_of(input);
  const cartgate::StoreContext store{"st_fuzz",
                                     "https://fuzz.myshopify.com",
                                     {{"api_secret", "secret"},
                                      {"webhook_secret", "secret"},
                                      {"client_secret", "secret"},
                                      {"access_token", "tok"},
                                      {"consumer_key", "ck"},
                                      {"consumer_secret", "cs"}},
                                     {}};
  static const std::string body = R"({"id":1,"updated_at":"2026-11-24T10:00:00Z"})";
  for (const auto& name : registry().platforms()) {
    const auto* connector = registry().find(name);
    const auto result = connector->handle_webhook({store, headers, body, {}});
    if (result.verdict != cartgate::WebhookVerdict::accepted && !result.changes.empty()) {
      __builtin_trap();  // only an authentic delivery may carry changes
    }
  }
  return 0;
}
