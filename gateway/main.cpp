// cartgate: the gateway server and its admin commands.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "cli/admin.hpp"
#include "cli/key_rotation.hpp"
#include "cli/serve.hpp"
#include "config/config.hpp"
#include "log/logger.hpp"
#include "security/master_keys.hpp"
#include "util/wall_clock.hpp"

namespace {

constexpr const char* kUsage = R"(cartgate — one API over many shopping-cart platforms

usage:
  cartgate [serve] [--config FILE]          run the gateway
  cartgate key create --tenant T [--name N] create an API key (printed once)
  cartgate key revoke KEY_ID                revoke an API key at once
  cartgate key list --tenant T              list a tenant's keys (no secrets)
  cartgate tenant set-limit T --rate N --period-ms N --burst N
                                            set a tenant's inbound rate limit
  cartgate master-key generate              print a new random master key
  cartgate master-key rotate                re-seal every stored secret under the first key
                                            (resumable; safe while gateways serve)
  cartgate master-key status                count stored secrets per master key
  cartgate version

Configuration: --config FILE or $CARTGATE_CONFIG (JSON), then CARTGATE_<SECTION>_<KEY>
environment overrides; see docs/operations.md.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string config_path;
  // Single-threaded here: nothing has started yet.
  if (const char* env = std::getenv("CARTGATE_CONFIG")) {  // NOLINT(concurrency-mt-unsafe)
    config_path = env;
  }
  for (std::size_t i = 0; i < args.size();) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      config_path = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
    } else {
      ++i;
    }
  }
  const std::string command = args.empty() ? "serve" : args[0];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "version" || command == "--version") {
    std::cout << "cartgate " << CARTGATE_VERSION << "\n";
    return 0;
  }
  if (command == "master-key" && args.size() > 1 && args[1] == "generate") {
    std::cout << cartgate::security::generate_master_key() << "\n";
    return 0;
  }

  std::string error;
  auto config = config_path.empty()
                    ? cartgate::load_config("", cartgate::process_env, error)
                    : cartgate::load_config_file(config_path, cartgate::process_env, error);
  if (!config) {
    std::cerr << "cartgate: " << error << "\n";
    return 2;
  }
  cartgate::log::Level level{};
  cartgate::log::parse_level(config->log.level, level);
  cartgate::log::set_level(level);
  if (auto clock = cartgate::util::follow_test_clock_from_environment(); !clock.empty()) {
    cartgate::log::warn("wall clock follows a test offset file: for tests only",
                        {{"CARTGATE_TEST_CLOCK_FILE", clock}});
  }

  if (command == "serve") return cartgate::serve(*config);
  if (command == "key" || command == "tenant") return cartgate::run_admin(*config, args);
  if (command == "master-key") return cartgate::run_key_rotation(*config, args);
  std::cerr << kUsage;
  return 2;
}
