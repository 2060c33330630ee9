// Where the gateway may connect: the address policy, disguised numeric hosts, operator routes,
// platform-shaped store URLs and subscriber URLs. All pure but the last test, which resolves
// literal addresses (no DNS server is asked).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "events/subscriber_url.hpp"
#include "outbound/address_policy.hpp"
#include "outbound/connect_routes.hpp"
#include "outbound/destination.hpp"
#include "store/store_url.hpp"
#include "util/host_spelling.hpp"

namespace cartgate {
namespace {

using boost::asio::ip::make_address;
using outbound::AddressPolicy;

TEST(AddressPolicy, OnlyGloballyReachableUnicastIsPublic) {
  for (const char* ok : {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "100.128.0.1",
                         "::ffff:8.8.8.8", "64:ff9b::808:808", "2a00:1450:4001::1"}) {
    EXPECT_TRUE(AddressPolicy::is_public(make_address(ok))) << ok;
  }
  for (const char* bad : {"127.0.0.1",
                          "127.0.0.2",
                          "10.1.2.3",
                          "172.16.0.1",
                          "172.31.255.255",
                          "192.168.1.1",
                          "169.254.169.254",  // cloud metadata
                          "100.64.0.1",
                          "100.100.100.200",  // CGNAT (and Alibaba's metadata)
                          "0.0.0.0",
                          "0.1.2.3",
                          "224.0.0.1",
                          "239.255.255.250",
                          "255.255.255.255",
                          "240.0.0.1",
                          "192.0.0.170",
                          "192.0.2.1",
                          "198.18.0.1",
                          "198.51.100.7",
                          "203.0.113.9",
                          "192.88.99.1",
                          "192.31.196.1",
                          "192.175.48.1",
                          "::1",
                          "::",
                          "fe80::1",
                          "fec0::1",
                          "fc00::1",
                          "fd12::1",
                          "fd00:ec2::254",
                          "ff02::1",
                          "::ffff:10.0.0.1",
                          "::ffff:127.0.0.1",
                          "::ffff:169.254.169.254",  // v4-mapped
                          "::10.0.0.1",
                          "::8.8.8.8",  // v4-compatible
                          "64:ff9b::a00:1",
                          "64:ff9b::7f00:1",     // NAT64, private
                          "64:ff9b:1::808:808",  // local-use NAT64
                          "2002:a00:1::",
                          "2002:808:808::",                        // 6to4
                          "2001:0:4136:e378:8000:63bf:3fff:fdd2",  // Teredo
                          "2001:db8::1",
                          "3fff::1",
                          "100::1",
                          "5f00::1"}) {
    EXPECT_FALSE(AddressPolicy::is_public(make_address(bad))) << bad;
  }
}

TEST(AddressPolicy, AllowlistOpensOnlyItsRanges) {
  auto none = AddressPolicy::parse("");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_allowlist());
  EXPECT_FALSE(none->allowed(make_address("127.0.0.1")));
  EXPECT_TRUE(none->allowed(make_address("8.8.8.8")));
  auto dev = AddressPolicy::parse("127.0.0.1/32, ::1/128");
  ASSERT_TRUE(dev);
  EXPECT_TRUE(dev->has_allowlist());
  EXPECT_TRUE(dev->allowed(make_address("127.0.0.1")));
  EXPECT_TRUE(dev->allowed(make_address("::ffff:127.0.0.1")));
  EXPECT_TRUE(dev->allowed(make_address("::1")));
  EXPECT_FALSE(dev->allowed(make_address("127.0.0.2")));
  EXPECT_FALSE(dev->allowed(make_address("10.0.0.1")));
  EXPECT_FALSE(dev->allowed(make_address("169.254.169.254")));
  for (const char* bad : {"127.0.0.0/33", "nope", "10.0.0.0/", "/8", "::1/129", "127.1/32"}) {
    EXPECT_FALSE(AddressPolicy::parse(bad)) << bad;
  }
}

TEST(HostSpelling, NumbersInDisguiseAreRecognized) {
  using util::is_numeric_host_spelling;
  for (const char* numeric :
       {"2130706433", "0x7f000001", "0X7F000001", "127.1", "127.0.1", "0177.0.0.1", "0x7f.0.0.1",
        "127.0.0.1.", "1.2.3.4.5", "shop.0x1f", "4294967297"}) {
    EXPECT_TRUE(is_numeric_host_spelling(numeric)) << numeric;
  }
  for (const char* name : {"example.com", "shop-0.myshopify.com", "123abc.com", "0x.example",
                           "localhost", "api.bigcommerce.com", "xn--80ak6aa92e.com", "1a"}) {
    EXPECT_FALSE(is_numeric_host_spelling(name)) << name;
  }
}

TEST(ConnectRoutes, RoutesPlatformHostsAndRejectsNonsense) {
  auto routes = outbound::ConnectRoutes::parse(
      "*.myshopify.com=127.0.0.1:8443, api.bigcommerce.com=[::1]:443");
  ASSERT_TRUE(routes);
  auto shop = routes->route("acme.myshopify.com");
  ASSERT_TRUE(shop);
  EXPECT_EQ(shop->host, "127.0.0.1");
  EXPECT_EQ(shop->port, "8443");
  EXPECT_FALSE(routes->route("myshopify.com"));
  EXPECT_FALSE(routes->route("acme.myshopify.com.evil.example"));
  auto bc = routes->route("api.bigcommerce.com");
  ASSERT_TRUE(bc);
  EXPECT_EQ(bc->host, "::1");
  EXPECT_FALSE(routes->route("store.bigcommerce.com"));
  for (const char* bad : {"x", "a.com=", "a.com=host", "a.com=host:0", "a.com=host:99999",
                          "A.com=h:1", "*.=h:1", "a.com=::1:80"}) {
    EXPECT_FALSE(outbound::ConnectRoutes::parse(bad)) << bad;
  }
}

const StoreAddressRule kShopify{"https://{ref}.myshopify.com", "shop", ".myshopify.com", false};
const StoreAddressRule kBigCommerce{"https://api.bigcommerce.com/stores/{ref}", "store_hash", "",
                                    false};
const StoreAddressRule kWoo{"", "", "", true};
const StoreAddressRule kBearerSite{"", "", "", false};

std::string accepted(const StoreAddressRule& rule, std::optional<std::string> url,
                     std::optional<std::string> ref = std::nullopt, bool allow_http = false) {
  auto r = normalize_store_url(rule, url, ref, allow_http);
  if (const auto* text = std::get_if<std::string>(&r)) return *text;
  return "refused:" + std::get<StoreUrlRejected>(r).code;
}

TEST(StoreUrl, PlatformHostsAreTheOnlyPlaceTheirTokensGo) {
  EXPECT_EQ(accepted(kShopify, std::nullopt, "acme"), "https://acme.myshopify.com");
  EXPECT_EQ(accepted(kShopify, std::nullopt, "Acme.MyShopify.com"), "https://acme.myshopify.com");
  EXPECT_EQ(accepted(kShopify, "https://ACME.myshopify.com/"), "https://acme.myshopify.com");
  EXPECT_EQ(accepted(kShopify, "http://acme.myshopify.com"), "refused:store_url_rejected");
  EXPECT_EQ(accepted(kShopify, "https://acme.myshopify.com:8443"), "refused:store_url_rejected");
  EXPECT_EQ(accepted(kShopify, "https://acme.myshopify.com.evil.example"),
            "refused:store_url_rejected");
  EXPECT_EQ(accepted(kShopify, "https://a.b.myshopify.com"), "refused:store_url_rejected");
  EXPECT_EQ(accepted(kShopify, "https://shop.example.com"), "refused:store_url_rejected");
  EXPECT_EQ(accepted(kShopify, "https://127.0.0.1/shop-0"), "refused:store_url_rejected");
  EXPECT_EQ(accepted(kShopify, std::nullopt, "acme/../x"), "refused:invalid_parameter");
  EXPECT_EQ(accepted(kShopify, std::nullopt, "-acme"), "refused:invalid_parameter");
  EXPECT_EQ(accepted(kShopify, "https://acme.myshopify.com", "acme"), "refused:invalid_parameter");
  EXPECT_EQ(accepted(kShopify, std::nullopt), "refused:invalid_parameter");

  EXPECT_EQ(accepted(kBigCommerce, std::nullopt, "abc123"),
            "https://api.bigcommerce.com/stores/abc123");
  EXPECT_EQ(accepted(kBigCommerce, "https://api.bigcommerce.com/stores/abc123/"),
            "https://api.bigcommerce.com/stores/abc123");
  EXPECT_EQ(accepted(kBigCommerce, "https://api.bigcommerce.com/stores/abc123/v3"),
            "refused:store_url_rejected");
  EXPECT_EQ(accepted(kBigCommerce, "https://api.bigcommerce.com.evil.example/stores/abc"),
            "refused:store_url_rejected");
}

TEST(StoreUrl, OwnSitesAreHttpsUnlessThePlatformSignsAndTheOperatorAllows) {
  EXPECT_EQ(accepted(kWoo, "https://Shop.Example.com/wp/"), "https://shop.example.com/wp");
  EXPECT_EQ(accepted(kWoo, "http://shop.example.com"), "refused:store_url_rejected");
  EXPECT_EQ(accepted(kWoo, "http://shop.example.com", std::nullopt, true),
            "http://shop.example.com");
  EXPECT_EQ(accepted(kBearerSite, "http://shop.example.com", std::nullopt, true),
            "refused:store_url_rejected");
  for (const char* numeric : {"https://2130706433/", "https://0x7f000001/", "https://127.1/",
                              "https://0177.0.0.1/", "https://10.1/"}) {
    EXPECT_EQ(accepted(kWoo, numeric), "refused:address_forbidden") << numeric;
  }
  for (const char* bad : {"https://u:p@shop.example.com", "https://shop.example.com/?a=1",
                          "https://shop.example.com/#x", "ftp://shop.example.com",
                          "shop.example.com", "https://sh%6fp.example.com", ""}) {
    EXPECT_EQ(accepted(kWoo, bad), "refused:invalid_parameter") << bad;
  }
  // Literal addresses pass the shape check; the address policy judges them next.
  EXPECT_EQ(accepted(kWoo, "https://[::1]:8443/x"), "https://[::1]:8443/x");
  auto hp = url_host_port("https://[::1]:8443/x");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "::1");
  EXPECT_EQ(hp->port, "8443");
  EXPECT_EQ(url_host_port("http://shop.example.com")->port, "80");
}

TEST(SubscriberUrl, HttpsWithoutCredentialsOrFragment) {
  using events::check_subscriber_url;
  const auto ok = [](std::string_view url, bool allow_http = false) {
    return std::holds_alternative<std::string>(check_subscriber_url(url, allow_http));
  };
  EXPECT_TRUE(ok("https://backend.example.com/hooks?x=1"));
  EXPECT_FALSE(ok("http://backend.example.com/"));
  EXPECT_TRUE(ok("http://127.0.0.1:9000/hook", true));
  EXPECT_FALSE(ok("https://u:p@backend.example.com/"));
  EXPECT_FALSE(ok("https://backend.example.com/#frag"));
  EXPECT_FALSE(ok("ftp://example.com/"));
  EXPECT_FALSE(ok("/relative"));
}

outbound::Resolved resolve(const outbound::DestinationRules& rules, const std::string& host,
                           const std::string& port = "443") {
  boost::asio::io_context io;
  auto f =
      boost::asio::co_spawn(io, outbound::resolve_destination(io.get_executor(), rules, host, port),
                            boost::asio::use_future);
  io.run();
  return f.get();
}

TEST(Destination, RefusesForbiddenAndDisguisedHostsAndRoutesPlatformHosts) {
  outbound::DestinationRules rules{
      *AddressPolicy::parse("127.0.0.1/32"),
      *outbound::ConnectRoutes::parse("*.myshopify.com=127.0.0.1:8443")};
  const auto why = [&](const std::string& host) {
    auto r = resolve(rules, host);
    const auto* refused = std::get_if<outbound::RefusedDestination>(&r);
    return refused ? static_cast<int>(refused->why) : -1;
  };
  EXPECT_EQ(why("127.0.0.1"), -1);
  EXPECT_EQ(why("127.0.0.2"), static_cast<int>(outbound::Refusal::forbidden_address));
  EXPECT_EQ(why("[::1]"), static_cast<int>(outbound::Refusal::forbidden_address));
  EXPECT_EQ(why("169.254.169.254"), static_cast<int>(outbound::Refusal::forbidden_address));
  EXPECT_EQ(why("2130706433"), static_cast<int>(outbound::Refusal::numeric_host));
  EXPECT_EQ(why("0x7f000001"), static_cast<int>(outbound::Refusal::numeric_host));
  EXPECT_EQ(why("127.1"), static_cast<int>(outbound::Refusal::numeric_host));
  auto routed = resolve(rules, "Shop-0.myshopify.com");
  const auto* endpoints = std::get_if<std::vector<boost::asio::ip::tcp::endpoint>>(&routed);
  ASSERT_TRUE(endpoints);
  ASSERT_EQ(endpoints->size(), 1u);
  EXPECT_EQ(endpoints->front().address().to_string(), "127.0.0.1");
  EXPECT_EQ(endpoints->front().port(), 8443);
}

}  // namespace
}  // namespace cartgate
