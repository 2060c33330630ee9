// Adds <count> WooCommerce stores to a gateway, <concurrency> requests at a time: store i at
// <upstream>/s<i>. Prints how many were added. Used by poll_capacity.sh.
// usage: node add_stores.mjs <gateway> <api key> <upstream> <count> <concurrency>
const [gateway, key, upstream, count, concurrency] = process.argv.slice(2);
let next = 0;
let added = 0;
const failures = new Map();
async function worker() {
  while (next < Number(count)) {
    const i = next++;
    const r = await fetch(`${gateway}/v1/store.add`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({
        platform: 'woocommerce',
        url: `${upstream}/s${i}`,
        credentials: {
          consumer_key: `ck_${String(i).padStart(40, '0')}`,
          consumer_secret: `cs_${String(i).padStart(40, '0')}`,
        },
        settings: { currency: 'USD' },
      }),
    });
    const text = await r.text();
    if (r.status === 201 || r.status === 200) {
      added++;
    } else {
      failures.set(r.status, text);
    }
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
for (const [status, text] of failures) console.error(`store.add ${status}: ${text}`);
console.log(added);
