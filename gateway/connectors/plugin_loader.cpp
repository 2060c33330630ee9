#include "connectors/plugin_loader.hpp"

#include <algorithm>
#include <dlfcn.h>
#include <filesystem>
#include <vector>

#include <cartgate/detail/abi_codec.hpp>
#include <cartgate/plugin_abi.h>

#include "log/logger.hpp"

namespace cartgate {

namespace {

// A Connector that forwards to a plugin's C function table, as JSON.
class AbiConnector final : public Connector {
 public:
  AbiConnector(void* library, const cartgate_plugin_v1* table, Manifest manifest)
      : library_(library), table_(table), manifest_(std::move(manifest)) {}
  // Plugins stay loaded until exit: code of theirs may still be on a stack during shutdown.
  ~AbiConnector() override = default;

  const Manifest& manifest() const override { return manifest_; }

  StepOutcome step(const StepInput& input) const override {
    const std::string in = abi::serialize(abi::encode_step_input(input));
    cartgate_buffer out{nullptr, 0};
    const int status = table_->step(in.data(), in.size(), &out);
    const std::string text = take(out);
    const std::string& store = input.store.store_id;
    if (status != CARTGATE_PLUGIN_OK) return broken(store, "step failed: " + text);
    auto jv = abi::parse(text);
    if (!jv) return broken(store, "step returned invalid JSON");
    auto outcome = abi::decode_step_outcome(*jv);
    if (!outcome) {
      return broken(store, "step returned a malformed outcome: " + outcome.error().message());
    }
    if (outcome->kind == StepKind::failed &&
        (outcome->error.kind == ConnectorErrorKind::address_forbidden ||
         outcome->error.kind == ConnectorErrorKind::connector_failed)) {
      return broken(store, "step claimed a failure only the gateway sets: " +
                               std::string(enum_name(outcome->error.kind)));
    }
    return std::move(*outcome);
  }

  WebhookResult handle_webhook(const WebhookDelivery& d) const override {
    const std::string in = abi::serialize(abi::encode_webhook_input(d.store, d.headers, d.now));
    cartgate_buffer out{nullptr, 0};
    const int status =
        table_->handle_webhook(in.data(), in.size(), d.body.data(), d.body.size(), &out);
    const std::string text = take(out);
    WebhookResult rejected;
    rejected.verdict = WebhookVerdict::rejected;
    if (status != CARTGATE_PLUGIN_OK) {
      log::error("plugin webhook handler failed",
                 {{"platform", manifest_.platform}, {"error", text}});
      rejected.reason = "connector failure";
      return rejected;
    }
    auto jv = abi::parse(text);
    auto result =
        jv ? abi::decode_webhook_result(*jv) : boost::system::result<WebhookResult>(jv.error());
    if (!result) {
      log::error("plugin returned a malformed webhook result", {{"platform", manifest_.platform}});
      rejected.reason = "connector failure";
      return rejected;
    }
    return std::move(*result);
  }

 private:
  std::string take(cartgate_buffer& out) const {
    std::string text = out.data ? std::string(out.data, out.size) : std::string();
    table_->release(&out);
    return text;
  }

  // The reason is the operator's (the log); the caller hears that the connector, not the
  // store, failed.
  StepOutcome broken(const std::string& store_id, std::string why) const {
    log::error("plugin step failed",
               {{"platform", manifest_.platform}, {"store_id", store_id}, {"error", why}});
    return StepOutcome::fail(ConnectorErrorKind::connector_failed,
                             "The " + manifest_.platform + " connector failed internally.");
  }

  void* library_;
  const cartgate_plugin_v1* table_;
  Manifest manifest_;
};

}  // namespace

std::unique_ptr<Connector> load_plugin(const std::string& path, std::string& error) {
  // RTLD_LOCAL: each plugin keeps its own copy of the SDK and its dependencies' symbols.
  void* library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    // Plugins load once at start, before the io threads exist.
    const char* why = ::dlerror();  // NOLINT(concurrency-mt-unsafe)
    error = path + ": cannot load: " + (why ? why : "unknown error");
    return nullptr;
  }
  const auto entry =
      reinterpret_cast<cartgate_plugin_entry_v1_fn>(::dlsym(library, CARTGATE_PLUGIN_ENTRY_V1));
  if (entry == nullptr) {
    error = path + ": no " CARTGATE_PLUGIN_ENTRY_V1 " symbol (not a cartgate plugin, or ABI v2+)";
    ::dlclose(library);
    return nullptr;
  }
  const cartgate_plugin_v1* table = entry();
  if (table == nullptr || table->abi_version != CARTGATE_PLUGIN_ABI_VERSION ||
      table->struct_size < sizeof(cartgate_plugin_v1) || table->manifest == nullptr ||
      table->step == nullptr || table->handle_webhook == nullptr || table->release == nullptr) {
    error = path + ": incompatible plugin ABI (expected version " +
            std::to_string(CARTGATE_PLUGIN_ABI_VERSION) + ")";
    ::dlclose(library);
    return nullptr;
  }
  cartgate_buffer out{nullptr, 0};
  const int status = table->manifest(&out);
  const std::string text = out.data ? std::string(out.data, out.size) : std::string();
  table->release(&out);
  auto jv =
      status == CARTGATE_PLUGIN_OK
          ? abi::parse(text)
          : boost::system::result<boost::json::value>(std::make_error_code(std::errc::io_error));
  auto manifest = jv ? abi::decode_manifest(*jv) : boost::system::result<Manifest>(jv.error());
  if (!manifest) {
    error = path + ": unreadable manifest" + (status != CARTGATE_PLUGIN_OK ? ": " + text : "");
    ::dlclose(library);
    return nullptr;
  }
  return std::make_unique<AbiConnector>(library, table, std::move(*manifest));
}

std::string load_plugin_dir(const std::string& dir, ConnectorRegistry& registry) {
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".so") files.push_back(entry.path().string());
  }
  if (ec) return "plugins.dir " + dir + ": " + ec.message();
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::string error;
    auto connector = load_plugin(path, error);
    if (!connector) return error;
    const std::string platform = connector->manifest().platform;
    if (auto e = registry.add(std::move(connector), path); !e.empty()) return e;
    log::info("plugin loaded", {{"platform", platform}, {"path", path}});
  }
  return {};
}

}  // namespace cartgate
