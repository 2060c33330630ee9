#pragma once
// WooCommerce webhooks (class-wc-webhook.php, REST webhooks controller): CRUD through
// /wp-json/wc/v3/webhooks, an unsigned form-encoded ping on creation, deliveries of the REST
// payload signed with the webhook's secret, no retries, and the webhook disabled after more
// than five consecutive failures.

#include <optional>
#include <string>
#include <vector>

#include "common/params.hpp"
#include "http/message.hpp"
#include "model/store.hpp"
#include "platforms/woocommerce/woo_api.hpp"
#include "platforms/woocommerce/woo_render.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::woo {

WebhookRoute handle_webhooks(Store& store, const cartgate::http::Request& request,
                             const std::vector<Param>& query, const std::string& item,
                             const Links& links, Time now);

/// A resource changed: queue a delivery to every active subscription of the topic.
/// The caller holds the store's mutex; deliveries lock it again when they render.
void notify(Store& store, Dispatcher& dispatcher, const std::string& resource,
            const std::string& event, std::int64_t id, const std::string& home_url);

}  // namespace sandbox::woo
