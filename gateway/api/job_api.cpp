#include "api/job_api.hpp"

#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cartgate/sdk/crypto.hpp>

#include "api/idempotency.hpp"
#include "api/job_store.hpp"
#include "api/write_requests.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

json::value time_of(std::int64_t ms) {
  if (ms <= 0) return nullptr;
  return json::value(format_rfc3339(Timestamp(std::chrono::seconds(ms / 1000))));
}

json::object view(const JobSummary& s) {
  return {{"id", s.id},
          {"operation", s.operation},
          {"status", s.state},
          {"total", s.total},
          {"succeeded", s.succeeded},
          {"failed", s.failed},
          {"pending", s.total - s.succeeded - s.failed},
          {"request_id", s.request_id},
          {"created_at", time_of(s.created_ms)},
          {"updated_at", time_of(s.updated_ms)},
          {"finished_at", time_of(s.finished_ms)}};
}

// A job's id: with an Idempotency-Key, derived from it, so a repeat finds the job it made.
std::string job_id(const std::string& tenant, const std::optional<std::string>& key) {
  if (!key) return "job_" + sdk::hex_encode(sdk::random_bytes(12));
  return "job_" + sdk::hex_encode(sdk::sha256(tenant + "\n" + *key)).substr(0, 24);
}

Success accepted(const JobSummary& job, bool replayed) {
  Success s{202, json::object{{"data", view(job)}}};
  s.headers.emplace_back("Location", "/v1/job.info?id=" + job.id);
  if (replayed) s.headers.emplace_back("Idempotent-Replayed", "true");
  return s;
}

asio::awaitable<Outcome> batch(CallContext& c, std::string_view operation) {
  if (auto e = c.params.only({"operations"})) co_return *e;
  const json::value* ops = c.params.raw("operations");
  const std::string limits = "'operations' must be an array of 1 to " +
                             std::to_string(kMaxBatchOperations) +
                             " objects, each the body of one " + std::string(operation) + " call.";
  if (ops == nullptr || !ops->is_array() || ops->get_array().empty() ||
      ops->get_array().size() > kMaxBatchOperations) {
    co_return http::invalid_parameter(limits);
  }
  std::vector<std::string> texts;
  std::set<std::string> entities;
  std::string fingerprints(operation);
  for (std::size_t i = 0; i < ops->get_array().size(); ++i) {
    const json::value& op = ops->get_array()[i];
    const std::string at = "operations[" + std::to_string(i) + "]: ";
    if (!op.is_object()) co_return http::invalid_parameter(std::string(at).append(limits));
    auto w = read_write_request(operation, Params::from_object(op.get_object()));
    if (!w) {
      http::Problem p = w.error();
      p.detail.insert(0, at);
      co_return p;
    }
    // Two changes of one entity in a batch would race (operations run side by side), and
    // two additions of one would make one of them fail.
    const bool adds = !w->creation_key.empty();
    if (!entities.insert(w->store_id + "\n" + (adds ? w->creation_key : w->id)).second) {
      co_return http::invalid_parameter(
          at + (adds ? "adds " + w->entity + " '" + w->creation_key + "' to store '" + w->store_id +
                           "' again: a batch adds each one once."
                     : "changes " + w->entity + " '" + w->id + "' of store '" + w->store_id +
                           "' again: a batch changes each entity once; send the changes as one "
                           "operation, or in a later batch."));
    }
    fingerprints.append("\n").append(fingerprint(*w));
    texts.push_back(json::serialize(op));
  }
  auto key = idempotency_key_header(c.request);
  if (!key) co_return key.error();

  const std::int64_t now = util::unix_ms_now();
  JobSummary job;
  job.id = job_id(c.tenant, *key);
  job.operation = operation;
  job.state = "queued";
  job.request_id = c.request.request_id;
  job.total = static_cast<std::int64_t>(texts.size());
  job.created_ms = job.updated_ms = now;
  JobStore store(c.services.redis, c.services.keys);
  auto created =
      co_await store.create(c.tenant, job, sdk::hex_encode(sdk::sha256(fingerprints)), texts);
  if (!created) co_return storage_unavailable(c, created.error());
  switch (*created) {
    case JobCreated::created:
      co_return accepted(job, false);
    case JobCreated::exists: {
      auto earlier = co_await store.summary(c.tenant, job.id);
      if (!earlier) co_return storage_unavailable(c, earlier.error());
      if (*earlier) co_return accepted(**earlier, true);
      co_return accepted(job, true);  // finished and expired between the two reads
    }
    case JobCreated::mismatch:
      co_return http::Problem{422, "idempotency_key_reused", "Idempotency-Key reused",
                              "This Idempotency-Key was used for a different batch."};
    case JobCreated::too_many:
      break;
  }
  http::Problem busy = http::rate_limited(
      "This tenant has " + std::to_string(kMaxUnfinishedJobsPerTenant) +
      " unfinished jobs, the most it may have; send the batch again when one has finished "
      "(job.list).");
  busy.code = "too_many_jobs";
  busy.title = "Too many unfinished jobs";
  busy.retry_after_seconds = 5;
  co_return busy;
}

}  // namespace

asio::awaitable<Outcome> order_update_batch(CallContext& c) {
  co_return co_await batch(c, "order.update");
}

asio::awaitable<Outcome> order_shipment_add_batch(CallContext& c) {
  co_return co_await batch(c, "order.shipment.add");
}

asio::awaitable<Outcome> product_update_batch(CallContext& c) {
  co_return co_await batch(c, "product.update");
}

asio::awaitable<Outcome> product_variant_update_batch(CallContext& c) {
  co_return co_await batch(c, "product.variant.update");
}

asio::awaitable<Outcome> customer_update_batch(CallContext& c) {
  co_return co_await batch(c, "customer.update");
}

asio::awaitable<Outcome> customer_add_batch(CallContext& c) {
  co_return co_await batch(c, "customer.add");
}

asio::awaitable<Outcome> job_info(CallContext& c) {
  if (auto e = c.params.only({"id"})) co_return *e;
  auto id = c.params.required_string("id", 64);
  if (!id) co_return id.error();
  JobStore store(c.services.redis, c.services.keys);
  auto summary = co_await store.summary(c.tenant, *id);
  if (!summary) co_return storage_unavailable(c, summary.error());
  if (!*summary) co_return http::not_found("job_not_found", "No job '" + *id + "'.");
  auto results = co_await store.results(c.tenant, *id);
  if (!results) co_return storage_unavailable(c, results.error());
  const auto total = static_cast<std::size_t>(std::max<std::int64_t>(0, (*summary)->total));
  json::array items(total);
  for (std::size_t i = 0; i < total; ++i)
    items[i] = json::object{{"index", i}, {"state", "pending"}};
  for (const auto& [index, text] : *results) {
    boost::system::error_code ec;
    json::value kept = json::parse(text, ec);
    if (!ec && index >= 0 && static_cast<std::size_t>(index) < total)
      items[index] = std::move(kept);
  }
  json::object data = view(**summary);
  data["operations"] = std::move(items);
  co_return Success{200, json::object{{"data", std::move(data)}}};
}

asio::awaitable<Outcome> job_list(CallContext& c) {
  if (auto e = c.params.only({"limit"})) co_return *e;
  auto limit = c.params.integer("limit", 1, 100, 20);
  if (!limit) co_return limit.error();
  JobStore store(c.services.redis, c.services.keys);
  auto jobs = co_await store.recent(c.tenant, static_cast<std::size_t>(*limit));
  if (!jobs) co_return storage_unavailable(c, jobs.error());
  json::array data;
  for (const auto& job : jobs->first)
    data.push_back(view(job));
  co_return Success{
      200, json::object{{"data", std::move(data)},
                        {"pagination", {{"next_cursor", nullptr}, {"has_more", jobs->second}}}}};
}

}  // namespace cartgate::api
