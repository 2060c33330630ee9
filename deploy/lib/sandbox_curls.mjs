// Prints, from a cartgate-sandbox manifest, the stores it serves and one ready-to-paste curl per
// platform that reads real (sandbox) data straight from the emulated platform API.
// usage: node sandbox_curls.mjs <manifest.json>
import fs from 'node:fs';

const manifest = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const first = (platform) => manifest.stores.find((s) => s.platform === platform);
const counts = {};
for (const s of manifest.stores) counts[s.platform] = (counts[s.platform] ?? 0) + 1;
console.log(`Sandbox stores: ${Object.entries(counts).map(([p, n]) => `${n} ${p}`).join(', ')}`);
console.log(`(manifest with every store's URL and credentials: ${process.argv[2]})\n`);

const shop = first('shopify');
if (shop) {
  const query = JSON.stringify({ query: '{ orders(first: 3) { nodes { name totalPriceSet { shopMoney { amount currencyCode } } } } }' });
  console.log(`  # Shopify GraphQL Admin API (${shop.id})`);
  console.log(`  curl -s -H 'X-Shopify-Access-Token: ${shop.credentials.access_token}' -H 'Content-Type: application/json' \\\n    -d '${query}' ${shop.url}/admin/api/2026-10/graphql.json\n`);
}
const bc = first('bigcommerce');
if (bc) {
  console.log(`  # BigCommerce v3 customers (${bc.id})`);
  console.log(`  curl -s -H 'X-Auth-Token: ${bc.credentials.access_token}' '${bc.url}/stores/${bc.id}/v3/customers?limit=3'\n`);
}
const mage = first('magento');
if (mage) {
  console.log(`  # Magento 2 orders (${mage.id}): an admin token first, then searchCriteria`);
  console.log(`  curl -s -H "Authorization: Bearer $(curl -s -H 'Content-Type: application/json' -d '{"username":"${mage.credentials.admin_username}","password":"${mage.credentials.admin_password}"}' ${mage.url}/rest/V1/integration/admin/token | tr -d '"')" \\\n    -g '${mage.url}/rest/V1/orders?searchCriteria[pageSize]=3'\n`);
}
const woo = first('woocommerce');
if (woo) {
  console.log(`  # WooCommerce REST v3 products (${woo.id}): Basic auth is HTTPS-only, as on WooCommerce`);
  console.log(`  curl -s --cacert ${manifest.tls_certificate} -u '${woo.credentials.consumer_key}:${woo.credentials.consumer_secret}' '${woo.https_url}/wp-json/wc/v3/products?per_page=3'\n`);
}
