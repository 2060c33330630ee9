// A plugin whose every step and webhook throws: the ABI glue (plugin_export.hpp) must turn an
// exception inside a plugin into a failed outcome, never let it cross the C boundary. Its
// webhook administration claims a failure only the gateway may report, which the gateway's
// loader must not believe. Its customer reads finish at once with results of the wrong shape,
// which the gateway must answer as the connector's failure, not index into.
#include <stdexcept>

#include <cartgate/plugin_export.hpp>
#include <cartgate/sdk/platform_connector.hpp>

namespace throwing {

using namespace cartgate;

Manifest make_manifest() {
  Manifest m;
  m.platform = "throwing";
  m.display_name = "A plugin that throws (test fixture)";
  m.connector_version = "1.0.0";
  m.entities = {{Entity::order, {ReadVerb::list}, {}, ""},
                {Entity::customer, {ReadVerb::list, ReadVerb::info, ReadVerb::count}, {}, ""}};
  m.rate_limit = {RateLimitModel::fixed_window, 10, 0, 1'000};
  m.max_page_size = 10;
  return m;
}

class ThrowingConnector final : public sdk::PlatformConnector {
 public:
  ThrowingConnector() : PlatformConnector(make_manifest()) {}

  WebhookResult handle_webhook(const WebhookDelivery&) const override {
    throw std::runtime_error("a bug in the plugin's webhook code");
  }

 private:
  StepOutcome probe(const StepInput&) const override {
    throw std::logic_error("a bug in the plugin's probe");
  }
  StepOutcome read(const StepInput& in) const override {
    if (in.call.read.entity != Entity::customer) {
      throw std::out_of_range("a bug in the plugin's mapping");
    }
    switch (in.call.read.verb) {
      case ReadVerb::list:
        return StepOutcome::finished(boost::json::object{{"total", 3}});  // no items
      case ReadVerb::count:
        return StepOutcome::finished(boost::json::object{{"count", "3"}});  // not a number
      case ReadVerb::info:
        return StepOutcome::finished(boost::json::object{{"item", boost::json::array{1}}});
    }
    return StepOutcome::finished(nullptr);
  }
  StepOutcome webhook_admin(const StepInput&) const override {
    return StepOutcome::fail(ConnectorErrorKind::address_forbidden, "blame the network");
  }
};

}  // namespace throwing

CARTGATE_EXPORT_PLUGIN(throwing::ThrowingConnector)
