#pragma once
// Drives a built-in connector without I/O: its steps fed with canned answers, and the stores the
// unit tests read from (credentials as in ../shared/platform-contracts.md's vectors).
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <cartgate/connector.hpp>
#include <cartgate/connector_registration.hpp>
#include <cartgate/schema/time.hpp>

namespace cartgate::test {

inline const Connector& builtin(std::string_view platform) {
  static std::vector<std::unique_ptr<Connector>> all = [] {
    std::vector<std::unique_ptr<Connector>> out;
    for (auto factory : builtin_connector_factories())
      out.push_back(factory());
    return out;
  }();
  for (const auto& c : all) {
    if (c->manifest().platform == platform) return *c;
  }
  throw std::runtime_error("no built-in connector " + std::string(platform));
}

inline std::string fixture(const std::string& name) {
  std::ifstream in(std::string(FIXTURES_DIR) + "/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline HttpResponse answer(int status, std::string body, HttpHeaders headers = {}) {
  return HttpResponse{status, std::move(headers), std::move(body)};
}

// Drives a read through its steps with canned answers, one vector of answers per step.
struct Drive {
  Drive(const Connector& c, StoreContext s, Call k)
      : connector(c), store(std::move(s)), call(std::move(k)) {}
  const Connector& connector;
  StoreContext store;
  Call call;
  CallEnvironment env{*parse_rfc3339("2026-11-24T10:00:00Z"), "n0nce", ""};
  std::vector<StepOutcome> steps;

  StepOutcome run(const std::vector<std::vector<HttpResponse>>& answers) {
    std::string state;
    std::vector<HttpResponse> responses;
    for (std::size_t i = 0; i <= answers.size(); ++i) {
      steps.push_back(connector.step(StepInput{store, call, env, state, responses}));
      if (steps.back().kind != StepKind::requests || i == answers.size()) break;
      state = steps.back().state;
      responses = answers[i];
    }
    return steps.back();
  }
};

inline Call read(Entity entity, ReadVerb verb, int page_size = 50) {
  Call c;
  c.kind = CallKind::read;
  c.read.entity = entity;
  c.read.verb = verb;
  c.read.page_size = page_size;
  return c;
}

// A write of `operation` on entity `id`; a reconciling one says its first attempt began
// 2026-11-24T09:58:00Z.
inline Call write_call(const std::string& operation, const std::string& id,
                       boost::json::object changes, bool reconcile = false) {
  Call c;
  c.kind = CallKind::write;
  c.params = boost::json::object{{"operation", operation},
                                 {"id", id},
                                 {"changes", std::move(changes)},
                                 {"reconcile", reconcile},
                                 {"since", "2026-11-24T09:58:00Z"}};
  return c;
}
inline Call order_update(const std::string& id, boost::json::object changes,
                         bool reconcile = false) {
  return write_call("order.update", id, std::move(changes), reconcile);
}

inline StoreContext woo_store(const std::string& url) {
  return {"st_woo",
          url,
          {{"consumer_key", "ck_1"},
           {"consumer_secret", "cs_1"},
           {"webhook_secret", "wc_webhook_secret"}},
          {}};
}

inline StoreContext mage_store() {
  return {"st_mage",
          "https://m.example",
          {{"consumer_key", "k"},
           {"consumer_secret", "s"},
           {"access_token", "t"},
           {"access_token_secret", "ts"}},
          {}};
}

inline StoreContext bc_store() {
  return {"st_bc",
          "https://api.bigcommerce.com/stores/abc123",
          {{"access_token", "tok"}, {"client_secret", "bc_client_secret_example"}},
          {}};
}

inline StoreContext shop_store() {
  return {"st_shop",
          "https://demo.myshopify.com",
          {{"access_token", "shpat_1"}, {"api_secret", "test_secret_key"}},
          {}};
}

}  // namespace cartgate::test
