#pragma once
// Shopify webhooks: webhookSubscriptionCreate/Delete (uri, or callbackUrl in older versions),
// deliveries of the REST-shaped resource with X-Shopify-* headers and the app secret's
// HMAC-SHA256 (base64) over the raw body, 8 retries over 4 hours, then removal.

#include <string>

#include <boost/json/value.hpp>

#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::shop {

boost::json::value create_subscription(Store& store, const boost::json::object& args,
                                       const std::string& api_version, Time now);
boost::json::value delete_subscription(Store& store, const boost::json::object& args);

/// Delivers `payload` to the store's subscriptions of `topic` (orders/create, ...).
/// The caller holds the store's mutex.
void notify(Store& store, Dispatcher& dispatcher, const std::string& topic,
            const boost::json::object& payload, Time now);

}  // namespace sandbox::shop
