// Shopify webhooks: webhookSubscriptionCreate through the official GraphQL client, REST-shaped
// payloads accepted by @shopify/shopify-api's own HMAC validation, 8 retries then removal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, requireTool, sandboxFetch, stores } from './sandbox.mjs';
import { startReceiver } from './receiver.mjs';

requireTool('@shopify/shopify-api/adapters/node');
const { shopifyApi } = requireTool('@shopify/shopify-api');
const { createAdminApiClient } = requireTool('@shopify/admin-api-client');
const store = stores('shopify')[1];  // its own store: files run concurrently
const api = createAdminApiClient({
  storeDomain: `${store.id}.myshopify.com`, apiVersion: '2026-07',
  accessToken: store.credentials.access_token, customFetchApi: sandboxFetch });
const shopify = shopifyApi({
  apiKey: store.credentials.api_key, apiSecretKey: store.credentials.api_secret,
  scopes: ['read_orders'], hostName: 'localhost', apiVersion: '2026-07', isEmbeddedApp: false,
  logger: { level: 0 } });

const CREATE = `mutation Create($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
    webhookSubscription { id topic uri } userErrors { field message } } }`;
const DELETE = `mutation Delete($id: ID!) { webhookSubscriptionDelete(id: $id) {
  deletedWebhookSubscriptionId userErrors { message } } }`;

const validate = (delivery) => shopify.webhooks.validate({
  rawBody: delivery.raw.toString(),
  rawRequest: { method: 'POST', url: '/hooks', headers: delivery.headers }, rawResponse: {} });

test('subscriptions deliver the REST-shaped resource; the official validator accepts them', async () => {
  const receiver = await startReceiver();
  const created = await api.request(CREATE, { variables: { topic: 'ORDERS_CREATE', sub: { uri: receiver.url, format: 'JSON' } } });
  assert.deepEqual(created.data.webhookSubscriptionCreate.userErrors, []);
  const sub = created.data.webhookSubscriptionCreate.webhookSubscription;
  assert.equal(sub.topic, 'ORDERS_CREATE');
  const dup = await api.request(CREATE, { variables: { topic: 'ORDERS_CREATE', sub: { uri: receiver.url } } });
  assert.match(dup.data.webhookSubscriptionCreate.userErrors[0].message, /already been taken/);

  const { id } = await control(`stores/${store.id}/orders`, { status: 'processing' });
  const [delivery] = await receiver.waitFor(1);
  const check = await validate(delivery);
  assert.equal(check.valid, true, JSON.stringify(check));
  assert.equal(check.topic, 'ORDERS_CREATE');
  assert.equal(check.domain, `${store.id}.myshopify.com`);
  assert.equal(check.apiVersion, '2026-07');
  assert.ok(delivery.headers['x-shopify-event-id']);
  assert.ok(delivery.headers['x-shopify-triggered-at']);
  const order = JSON.parse(delivery.raw);
  assert.equal(typeof order.id, 'number');
  assert.equal(order.admin_graphql_api_id, `gid://shopify/Order/${order.id}`);
  assert.match(order.created_at, /[+-]\d\d:\d\d$/, 'REST dates carry the shop offset');
  assert.match(order.total_price, /^\d+(\.\d+)?$/);
  assert.equal(order.financial_status, 'paid');
  void id;

  const tampered = { ...delivery, raw: Buffer.from(delivery.raw.toString().replace('"test":false', '"test":true')) };
  assert.equal((await validate(tampered)).valid, false);

  const deleted = await api.request(DELETE, { variables: { id: sub.id } });
  assert.equal(deleted.data.webhookSubscriptionDelete.deletedWebhookSubscriptionId, sub.id);
  await receiver.close();
});

test('state topics: orders/updated, orders/paid and orders/fulfilled (callbackUrl accepted)', async () => {
  const receiver = await startReceiver();
  const ids = [];
  for (const topic of ['ORDERS_UPDATED', 'ORDERS_PAID', 'ORDERS_FULFILLED']) {
    const r = await api.request(CREATE, { variables: { topic, sub: { callbackUrl: receiver.url } } });
    ids.push(r.data.webhookSubscriptionCreate.webhookSubscription.id);
  }
  const { id } = await control(`stores/${store.id}/orders`, { status: 'pending' });
  await control(`stores/${store.id}/orders/${id}`, { status: 'completed' });
  await receiver.waitFor(3);
  const topics = receiver.received.map((d) => d.headers['x-shopify-topic']).sort();
  assert.deepEqual(topics, ['orders/fulfilled', 'orders/paid', 'orders/updated']);
  const events = new Set(receiver.received.map((d) => d.headers['x-shopify-event-id']));
  assert.equal(events.size, 3);
  for (const sid of ids) await api.request(DELETE, { variables: { id: sid } });
  await receiver.close();
});

test('failed deliveries are retried 8 times, then the subscription is removed', async () => {
  const receiver = await startReceiver({ status: 500 });
  const created = await api.request(CREATE, { variables: { topic: 'PRODUCTS_CREATE', sub: { uri: receiver.url } } });
  const sub = created.data.webhookSubscriptionCreate.webhookSubscription;
  await control(`stores/${store.id}/products`, { name: 'Unlucky' });
  await receiver.waitFor(9, 20000);
  assert.equal(new Set(receiver.received.map((d) => d.headers['x-shopify-webhook-id'])).size, 1);
  let listed = true;
  for (let i = 0; i < 40 && listed; ++i) {
    await new Promise((r) => setTimeout(r, 50));
    const { data } = await api.request('{ webhookSubscriptions(first: 50) { nodes { id } } }');
    listed = data.webhookSubscriptions.nodes.some((n) => n.id === sub.id);
  }
  assert.equal(listed, false);
  assert.equal(receiver.received.length, 9);
  await receiver.close();
});

test('carts: carts/create and carts/update, abandoned checkouts readable and announced', async () => {
  const receiver = await startReceiver();
  const ids = [];
  for (const topic of ['CARTS_CREATE', 'CARTS_UPDATE', 'CHECKOUTS_CREATE', 'CHECKOUTS_UPDATE']) {
    const r = await api.request(CREATE, { variables: { topic, sub: { uri: receiver.url } } });
    ids.push(r.data.webhookSubscriptionCreate.webhookSubscription.id);
  }
  const cart = await control(`stores/${store.id}/carts`, { email: 'Shopper@Example.com', lines: 1 });
  await control(`stores/${store.id}/carts/${cart.id}`, { lines: 1 });
  await receiver.waitFor(2);
  for (const d of receiver.received) assert.equal((await validate(d)).valid, true);
  assert.deepEqual(receiver.received.map((d) => d.headers['x-shopify-topic']), ['carts/create', 'carts/update']);
  const updated = JSON.parse(receiver.received[1].raw);
  assert.equal(updated.token, cart.token);
  assert.equal(updated.line_items.length, 2);

  await control(`stores/${store.id}/carts/${cart.id}/abandon`);
  const checkout = JSON.parse((await receiver.waitFor(3))[2].raw);
  assert.equal(receiver.received[2].headers['x-shopify-topic'], 'checkouts/create');
  assert.equal(checkout.cart_token, cart.token);
  assert.equal(checkout.completed_at, null);
  const { data } = await api.request(`{ abandonedCheckouts(first: 5, reverse: true,
    query: "email:Shopper@Example.com") { nodes { id completedAt lineItems(first: 5) { nodes { quantity } } } } }`);
  const node = data.abandonedCheckouts.nodes.find((n) => n.id === `gid://shopify/AbandonedCheckout/${checkout.id}`);
  assert.ok(node, 'the webhook and the read agree on the checkout id');
  assert.equal(node.lineItems.nodes.length, 2);

  await control(`stores/${store.id}/carts/${cart.id}/convert`);
  const completed = JSON.parse((await receiver.waitFor(4))[3].raw);
  assert.equal(receiver.received[3].headers['x-shopify-topic'], 'checkouts/update');
  assert.ok(completed.completed_at);
  for (const sid of ids) await api.request(DELETE, { variables: { id: sid } });
  await receiver.close();
});
