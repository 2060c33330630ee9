// Registers every store of a cartgate-sandbox manifest with a running gateway (store.add, so
// each store's credentials are checked on the way in). Stores registered by an earlier run
// are replaced: the sandbox listens on new ports each time it starts.
// usage: node register_sandbox.mjs <manifest.json> <gateway base URL> <api key>
import fs from 'node:fs';

const [manifestPath, gateway, key] = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const headers = { 'x-api-key': key, 'content-type': 'application/json' };
const call = async (method, body) => {
  const res = await fetch(`${gateway}/v1/${method}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

// What a merchant would enter: the shop name or store hash (Shopify, BigCommerce: the gateway
// knows their API hosts) or the site URL, and the credentials the platform issues.
function storeAddBody(s) {
  const c = s.credentials;
  const pick = (...names) => Object.fromEntries(names.map((n) => [n, c[n]]));
  const body = { platform: s.platform, name: `sandbox ${s.id}`, settings: { currency: s.currency } };
  switch (s.platform) {
    case 'shopify':
      return { ...body, shop: s.id, credentials: pick('access_token', 'api_secret'), settings: {} };
    case 'woocommerce':  // Basic auth over HTTPS
      return { ...body, url: s.https_url, credentials: pick('consumer_key', 'consumer_secret') };
    case 'magento':  // an integration, signing with OAuth 1.0a
      return { ...body, url: s.url, credentials: pick('consumer_key', 'consumer_secret', 'access_token', 'access_token_secret') };
    default:  // bigcommerce: the store hash
      return { ...body, store_hash: s.id, credentials: pick('access_token', 'client_secret') };
  }
}

const listed = await call('store.list', { limit: 250 });
for (const old of listed.body.data ?? []) {
  if (old.name.startsWith('sandbox ')) await call('store.delete', { store_id: old.id });
}
let failed = 0;
for (const s of manifest.stores) {
  const r = await call('store.add', storeAddBody(s));
  if (r.status !== 201) {
    failed++;
    console.error(`  ${s.platform} ${s.id}: ${r.body.detail ?? r.status}`);
  }
}
console.log(`Registered ${manifest.stores.length - failed} sandbox stores with the gateway.`);
process.exit(failed === 0 ? 0 : 1);
