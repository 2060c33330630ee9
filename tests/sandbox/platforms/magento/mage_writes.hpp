#pragma once
// Magento 2 order actions over REST (Magento\Sales\Api\OrderManagementInterface, as
// Magento\Sales\Model\Service\OrderService carries them out): cancel, hold, unhold and
// status-history comments.

#include <optional>
#include <string>

#include "http/message.hpp"
#include "model/store.hpp"

namespace sandbox::mage {

/// POST orders/<id>/{cancel,hold,unhold,comments} (`path` without "V1/"); nullopt when `path`
/// is not one of them. Caller holds the store lock and has authenticated the request.
std::optional<cartgate::http::Response> order_action(Store& store,
                                                     const cartgate::http::Request& request,
                                                     const std::string& path, Time now);

}  // namespace sandbox::mage
