/* The versioned C ABI through which cartgate loads connector plugins (shared libraries).
 *
 * A plugin exports one symbol, `cartgate_plugin_entry_v1`, returning a table of functions.
 * Everything crossing the boundary is JSON text (UTF-8, produced and parsed on each side) plus
 * raw webhook bytes, so the plugin and the gateway share no C++ types, allocators or
 * exceptions, and may be built with different compilers and standard libraries. The JSON shapes
 * are published as JSON Schema in schema/abi/v1/ (installed in share/cartgate/schema/abi/v1/),
 * described in docs/writing-a-connector.md, and implemented for C++ plugins by
 * <cartgate/plugin_export.hpp>.
 *
 * Compatibility: the major version is in the symbol name; within a major version new function
 * pointers are only appended, and `struct_size` tells the gateway which ones a plugin has.
 */
#ifndef CARTGATE_PLUGIN_ABI_H
#define CARTGATE_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CARTGATE_PLUGIN_ABI_VERSION 1u
#define CARTGATE_PLUGIN_ENTRY_V1 "cartgate_plugin_entry_v1"

/* A byte buffer the plugin allocated; the gateway hands it back to `release`. */
typedef struct cartgate_buffer {
  char* data;
  size_t size;
} cartgate_buffer;

/* Status codes of the table's functions. On CARTGATE_PLUGIN_FAILED, `out` holds a short
 * UTF-8 message (no secrets) describing the internal failure. */
#define CARTGATE_PLUGIN_OK 0
#define CARTGATE_PLUGIN_FAILED 1

typedef struct cartgate_plugin_v1 {
  uint32_t abi_version; /* CARTGATE_PLUGIN_ABI_VERSION */
  uint32_t struct_size; /* sizeof(cartgate_plugin_v1) as the plugin was built */

  /* Writes the connector's manifest as JSON. */
  int (*manifest)(cartgate_buffer* out);

  /* Advances one call by one step. `input` is JSON
   * {"store":{...},"call":{...},"env":{...},"state":"...","responses":[...]};
   * `out` receives the step outcome as JSON. */
  int (*step)(const char* input, size_t input_size, cartgate_buffer* out);

  /* Verifies and parses one webhook delivery. `input` is JSON {"store":{...},"headers":[...],
   * "now":"..."}; `body` is the raw request body. `out` receives the webhook result as JSON. */
  int (*handle_webhook)(const char* input, size_t input_size, const char* body, size_t body_size,
                        cartgate_buffer* out);

  /* Frees a buffer written by this plugin. */
  void (*release)(cartgate_buffer* buffer);
} cartgate_plugin_v1;

typedef const cartgate_plugin_v1* (*cartgate_plugin_entry_v1_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* CARTGATE_PLUGIN_ABI_H */
