// The plugin side of the C ABI: decodes JSON from the gateway, calls the C++ connector,
// encodes its answer. Nothing here throws across the C boundary.
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

#include <cartgate/detail/abi_codec.hpp>
#include <cartgate/plugin_export.hpp>

namespace cartgate::abi {

namespace {

const Connector* g_connector = nullptr;

int write(cartgate_buffer* out, const std::string& text, int status) {
  out->data = static_cast<char*>(std::malloc(text.size() + 1));
  if (out->data == nullptr) {
    out->size = 0;
    return CARTGATE_PLUGIN_FAILED;
  }
  std::memcpy(out->data, text.data(), text.size());
  out->data[text.size()] = '\0';
  out->size = text.size();
  return status;
}

template <class Fn>
int guarded(cartgate_buffer* out, Fn&& fn) noexcept {
  try {
    return write(out, fn(), CARTGATE_PLUGIN_OK);
  } catch (const std::exception& e) {
    return write(out, std::string("connector threw: ") + e.what(), CARTGATE_PLUGIN_FAILED);
  } catch (...) {
    return write(out, "connector threw a non-standard exception", CARTGATE_PLUGIN_FAILED);
  }
}

int manifest(cartgate_buffer* out) {
  return guarded(out, [] { return serialize(encode_manifest(g_connector->manifest())); });
}

int step(const char* input, size_t input_size, cartgate_buffer* out) {
  return guarded(out, [&] {
    auto jv = parse({input, input_size});
    if (!jv) throw std::runtime_error("step input is not JSON: " + jv.error().message());
    auto in = decode_step_input(*jv);
    if (!in) throw std::runtime_error("step input is malformed: " + in.error().message());
    return serialize(encode_step_outcome(g_connector->step(in->view())));
  });
}

int handle_webhook(const char* input, size_t input_size, const char* body, size_t body_size,
                   cartgate_buffer* out) {
  return guarded(out, [&] {
    auto jv = parse({input, input_size});
    if (!jv) throw std::runtime_error("webhook input is not JSON: " + jv.error().message());
    auto in = decode_webhook_input(*jv);
    if (!in) throw std::runtime_error("webhook input is malformed: " + in.error().message());
    const WebhookDelivery delivery{in->store, in->headers, {body, body_size}, in->now};
    return serialize(encode_webhook_result(g_connector->handle_webhook(delivery)));
  });
}

void release(cartgate_buffer* buffer) {
  if (buffer == nullptr) return;
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->size = 0;
}

const cartgate_plugin_v1 kTable{
    CARTGATE_PLUGIN_ABI_VERSION,
    sizeof(cartgate_plugin_v1),
    &manifest,
    &step,
    &handle_webhook,
    &release,
};

}  // namespace

const cartgate_plugin_v1* export_connector(const Connector& connector) noexcept {
  g_connector = &connector;
  return &kTable;
}

}  // namespace cartgate::abi
