/* A plugin that claims a future ABI version: the loader must refuse it, not call it. */
#include <cartgate/plugin_abi.h>

static const cartgate_plugin_v1 table = {99u, sizeof(cartgate_plugin_v1), 0, 0, 0, 0};

__attribute__((visibility("default"))) const cartgate_plugin_v1* cartgate_plugin_entry_v1(void) {
  return &table;
}
