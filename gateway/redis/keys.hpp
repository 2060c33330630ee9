#pragma once
// Every Redis key the gateway uses, in one place. Keys that a script or transaction touches
// together share a {hash tag}, so the layout works unchanged on Redis Cluster:
//   {k:<key_id>}  an API key's record and its GCRA state (one EVALSHA per request)
//   {t:<tenant>}  a tenant's record, key set, stores and store index
//   {s:<store>}   a store's owner, outbound bucket, poll lease and poll checkpoints
//   {t:<tenant>}  also: the event stream, entity versions, event records, subscriptions,
//                 delivery queues, the retry schedule and dead letters (one Lua call appends
//                 an event and queues its deliveries atomically)
//                 and the cart index (per store: a zset of cart ids plus one snapshot each)
//   {ingest}      the inbox of verified webhooks and the seen platform delivery ids
// docs/architecture.md ("Redis layout") describes each key.

#include <cstdint>
#include <string>
#include <string_view>

#include <cartgate/sdk/crypto.hpp>

namespace cartgate::redis {

class KeyLayout {
 public:
  explicit KeyLayout(std::string ns) : ns_(std::move(ns)) {}
  const std::string& ns() const { return ns_; }

  std::string api_key(std::string_view key_id) const { return join("{k:", key_id, "}:auth"); }
  std::string api_key_gcra(std::string_view key_id) const { return join("{k:", key_id, "}:gcra"); }
  std::string tenants() const { return ns_ + ":tenants"; }
  std::string tenant(std::string_view t) const { return join("{t:", t, "}:tenant"); }
  std::string tenant_keys(std::string_view t) const { return join("{t:", t, "}:keys"); }
  std::string tenant_stores(std::string_view t) const { return join("{t:", t, "}:stores"); }
  std::string tenant_store_seq(std::string_view t) const { return join("{t:", t, "}:store_seq"); }
  std::string store(std::string_view t, std::string_view store_id) const {
    return join("{t:", t, "}:store:") + std::string(store_id);
  }
  std::string store_outbound(std::string_view store_id) const {
    return join("{s:", store_id, "}:outbound");
  }
  std::string store_owner(std::string_view store_id) const {
    return join("{s:", store_id, "}:owner");
  }
  std::string poll_lease(std::string_view store_id) const {
    return join("{s:", store_id, "}:poll_lease");
  }
  std::string poll_checkpoints(std::string_view store_id) const {
    return join("{s:", store_id, "}:poll");
  }
  std::string poll_schedule() const { return ns_ + ":poll_schedule"; }

  // Ingestion.
  std::string ingest_inbox() const { return ns_ + ":{ingest}:inbox"; }
  std::string ingest_dead() const { return ns_ + ":{ingest}:dead"; }
  /// Hash: inbox entry id -> failed processing attempts (gone once the entry is done).
  std::string ingest_attempts() const { return ns_ + ":{ingest}:attempts"; }
  /// GCRA state of the ingest limits: one per source address, one per ingest address.
  std::string ingest_rate_source(std::string_view address) const {
    return ns_ + ":{ingest}:rl:ip:" + std::string(address);
  }
  std::string ingest_rate_store(std::string_view store_id) const {
    return ns_ + ":{ingest}:rl:st:" + std::string(store_id);
  }
  std::string ingest_seen(std::string_view store_id, std::string_view delivery_id) const {
    std::string out = ns_ + ":{ingest}:seen:";
    out.append(store_id).append(":").append(delivery_id);
    return out;
  }

  // Events and deliveries.
  std::string events(std::string_view t) const { return join("{t:", t, "}:events"); }
  std::string entity_version(std::string_view t, std::string_view store_id, std::string_view entity,
                             std::string_view id) const {
    std::string out = join("{t:", t, "}:ver:");
    out.append(store_id).append(":").append(entity).append(":").append(id);
    return out;
  }
  /// String: a write through the API changed the entity ({"request_id","idempotency_key"}):
  /// at version `updated_ms` (1 h), or, with `updated_ms` empty, while the write runs.
  std::string write_mark(std::string_view t, std::string_view store_id, std::string_view entity,
                         std::string_view id, std::string_view updated_ms) const {
    std::string out = join("{t:", t, "}:wrote:");
    out.append(store_id).append(":").append(entity).append(":").append(id);
    if (!updated_ms.empty()) out.append("@").append(updated_ms);
    return out;
  }
  /// String: a write through the API is adding an entity it names by `creation_key` (the
  /// platform has not given it an id yet; customer.add: the lower-cased e-mail address, hashed
  /// so that no address sits in a key name), while the write runs.
  std::string creation_mark(std::string_view t, std::string_view store_id, std::string_view entity,
                            std::string_view creation_key) const {
    const std::string named = "+" + sdk::hex_encode(sdk::sha256(creation_key)).substr(0, 32);
    return write_mark(t, store_id, entity, named, "");
  }
  std::string event_record(std::string_view t, std::string_view event_id) const {
    return join("{t:", t, "}:evt:") + std::string(event_id);
  }
  std::string subscriptions(std::string_view t) const { return join("{t:", t, "}:subs"); }
  /// Hash: one Idempotency-Key's write (`digest`: the key's SHA-256, hex), kept 24 h.
  std::string idempotency(std::string_view t, std::string_view digest) const {
    return join("{t:", t, "}:idem:") + std::string(digest);
  }
  /// Hash: one batch job (operation, state, total, succeeded, failed, created, updated,
  /// finished, request_id); with its list of operations (JSON texts), its results (hash: index
  /// -> JSON text) and the lease of the process running it.
  std::string job(std::string_view t, std::string_view id) const {
    return join("{t:", t, "}:job:") + std::string(id);
  }
  std::string job_items(std::string_view t, std::string_view id) const {
    return job(t, id) + ":items";
  }
  std::string job_results(std::string_view t, std::string_view id) const {
    return job(t, id) + ":results";
  }
  std::string job_lease(std::string_view t, std::string_view id) const {
    return job(t, id) + ":lease";
  }
  /// Zset: job id -> created ms, a tenant's unfinished jobs (a tenant may have only so many).
  std::string tenant_open_jobs(std::string_view t) const { return join("{t:", t, "}:jobs_open"); }
  /// Zset: job id -> created ms, a tenant's jobs of the last 24 h (job.list).
  std::string tenant_jobs(std::string_view t) const { return join("{t:", t, "}:jobs"); }
  /// Zset: "<tenant>|<job id>" -> created ms, the jobs not finished yet, of every tenant: what
  /// the job runners of every process take work from.
  std::string job_queue() const { return ns_ + ":jobs"; }
  /// Counter: events a tenant replayed in one clock hour (`hour` = Unix time / 3600).
  std::string replay_count(std::string_view t, std::int64_t hour) const {
    return join("{t:", t, "}:replays:") + std::to_string(hour);
  }
  std::string subscription_queue(std::string_view t, std::string_view sub) const {
    return join("{t:", t, "}:sq:") + std::string(sub);
  }
  std::string subscription_health(std::string_view t, std::string_view sub) const {
    return join("{t:", t, "}:subh:") + std::string(sub);
  }
  std::string retry_schedule(std::string_view t, std::string_view sub) const {
    return join("{t:", t, "}:retry:") + std::string(sub);
  }
  std::string dead_letters(std::string_view t, std::string_view sub) const {
    return join("{t:", t, "}:dead:") + std::string(sub);
  }
  /// Zset: queue entry id -> expiry (ms) of the deliveries running anywhere right now.
  std::string delivery_slots(std::string_view t, std::string_view sub) const {
    return join("{t:", t, "}:slots:") + std::string(sub);
  }
  /// Zset: cart id -> created ms, the carts a store's webhooks and polls have shown.
  std::string cart_index(std::string_view t, std::string_view store_id) const {
    return join("{t:", t, "}:carts:") + std::string(store_id);
  }
  /// Hash: one indexed cart's snapshot (data, status, updated, created).
  std::string cart_snapshot(std::string_view t, std::string_view store_id,
                            std::string_view cart_id) const {
    return cart_snapshot_prefix(t, store_id) + std::string(cart_id);
  }
  std::string cart_snapshot_prefix(std::string_view t, std::string_view store_id) const {
    return join("{t:", t, "}:cart:") + std::string(store_id) + ":";
  }
  /// Zset: "<tenant>|<store>|<cart>" -> when the cart counts as abandoned unless it changes.
  std::string cart_idle() const { return ns_ + ":cart_idle"; }
  /// Every subscription of every tenant ("<tenant>|<sub>"): what delivery workers visit.
  std::string all_subscriptions() const { return ns_ + ":subscriptions"; }

 private:
  std::string join(std::string_view a, std::string_view b, std::string_view c = {}) const {
    std::string out;
    out.reserve(ns_.size() + 1 + a.size() + b.size() + c.size());
    out.append(ns_).append(":").append(a).append(b).append(c);
    return out;
  }
  std::string ns_;
};

}  // namespace cartgate::redis
