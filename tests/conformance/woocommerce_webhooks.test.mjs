// WooCommerce webhooks: registration through the official client, the unsigned ping inside the
// creating request, signed deliveries of the REST payload, no retries, disabling after repeated
// failures, Action Scheduler de-duplication.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { requireTool, stores, control, controlGet } from './sandbox.mjs';
import { startReceiver } from './receiver.mjs';

const WooCommerceRestApi = requireTool('@woocommerce/woocommerce-rest-api').default;
const store = stores('woocommerce')[2];  // its own store: other files run concurrently
const api = new WooCommerceRestApi({
  url: store.url, consumerKey: store.credentials.consumer_key,
  consumerSecret: store.credentials.consumer_secret, version: 'wc/v3' });
const sign = (secret, raw) => crypto.createHmac('sha256', secret).update(raw).digest('base64');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a new webhook is pinged (unsigned form body) before the create call returns', async () => {
  const receiver = await startReceiver();
  const res = await api.post('webhooks', {
    name: 'Order created', topic: 'order.created', delivery_url: receiver.url, secret: 's3cr3t' });
  assert.equal(res.status, 201);
  assert.equal(res.headers.location, `/wp-json/wc/v3/webhooks/${res.data.id}`);
  assert.equal(res.data.status, 'active');
  assert.equal(res.data.resource, 'order');
  assert.equal(res.data.event, 'created');
  assert.equal(res.data.secret, undefined);  // write-only
  assert.equal(receiver.received.length, 1, 'the ping arrived before the answer');
  const ping = receiver.received[0];
  assert.equal(ping.raw.toString(), `webhook_id=${res.data.id}`);
  assert.equal(ping.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.match(ping.headers['user-agent'], /^WooCommerce\/\S+ Hookshot \(WordPress\/\S+\)$/);
  assert.equal(ping.headers['x-wc-webhook-signature'], undefined);
  await api.delete(`webhooks/${res.data.id}`, { force: true });
  await receiver.close();
});

test('changes are delivered signed with the webhook secret, as the REST payload', async () => {
  const receiver = await startReceiver();
  const hook = (await api.post('webhooks', {
    topic: 'order.created', delivery_url: receiver.url, secret: 'wc_webhook_secret' })).data;
  const { id } = await control(`stores/${store.id}/orders`, { status: 'processing' });
  const [, delivery] = await receiver.waitFor(2);
  const h = delivery.headers;
  assert.equal(h['x-wc-webhook-topic'], 'order.created');
  assert.equal(h['x-wc-webhook-resource'], 'order');
  assert.equal(h['x-wc-webhook-event'], 'created');
  assert.equal(h['x-wc-webhook-id'], String(hook.id));
  assert.equal(h['x-wc-webhook-source'], `${store.url}/`);
  assert.ok(h['x-wc-webhook-delivery-id']);
  assert.equal(h['x-wc-webhook-signature'], sign('wc_webhook_secret', delivery.raw));
  assert.notEqual(h['x-wc-webhook-signature'], sign('other', delivery.raw));
  const raw = delivery.raw.toString();
  assert.match(raw, /\\\//, 'slashes escaped as PHP json_encode does');
  const order = JSON.parse(raw);
  assert.equal(order.id, id);
  assert.equal(order.status, 'processing');
  const viaRest = (await api.get(`orders/${id}`)).data;
  assert.deepEqual(order, viaRest);
  await api.delete(`webhooks/${hook.id}`, { force: true });
  await receiver.close();
});

test('failed deliveries are not retried; the seventh consecutive failure disables the webhook', async () => {
  const receiver = await startReceiver({ status: (n) => (n === 1 ? 200 : 500) });  // ping OK
  const hook = (await api.post('webhooks', { topic: 'order.created', delivery_url: receiver.url })).data;
  for (let i = 1; i <= 7; ++i) {
    await control(`stores/${store.id}/orders`);
    await receiver.waitFor(1 + i);
    await sleep(50);  // let the sandbox count the failure
  }
  assert.equal((await api.get(`webhooks/${hook.id}`)).data.status, 'disabled');
  await control(`stores/${store.id}/orders`);
  await sleep(500);
  assert.equal(receiver.received.length, 8, 'no retries, nothing after disabling');

  const reenabled = await api.put(`webhooks/${hook.id}`, { status: 'active' });
  assert.equal(reenabled.data.status, 'active');
  try {
    await api.delete(`webhooks/${hook.id}`);
    assert.fail('deleting without force must fail');
  } catch (e) {
    assert.equal(e.response.status, 501);
    assert.equal(e.response.data.code, 'woocommerce_rest_trash_not_supported');
  }
  assert.equal((await api.delete(`webhooks/${hook.id}`, { force: true })).status, 200);
  const subs = await controlGet(`stores/${store.id}/subscriptions`);
  assert.ok(!subs.some((s) => s.id === hook.id));
  await receiver.close();
});

test('updates queued for the same order are delivered once, with the newest state', async () => {
  const receiver = await startReceiver();
  const hook = (await api.post('webhooks', { topic: 'order.updated', delivery_url: receiver.url })).data;
  const { id } = await control(`stores/${store.id}/orders`);
  for (const note of ['first', 'second', 'third']) {
    await control(`stores/${store.id}/orders/${id}`, { note });
  }
  await receiver.waitFor(2);
  await sleep(600);
  assert.equal(receiver.received.length, 2, 'ping + one delivery');
  assert.equal(JSON.parse(receiver.received[1].raw).customer_note, 'third');
  await api.delete(`webhooks/${hook.id}`, { force: true });
  await receiver.close();
});

test('invalid webhook input gets the plugin\'s errors', async () => {
  const bad = async (body) => {
    try { await api.post('webhooks', body); } catch (e) { return e.response; }
    assert.fail('expected a 400');
  };
  assert.equal((await bad({ topic: 'order.exploded', delivery_url: 'http://x.test' })).data.code,
    'woocommerce_rest_webhook_invalid_topic');
  assert.equal((await bad({ topic: 'order.created', delivery_url: 'ftp://x' })).data.code,
    'woocommerce_rest_webhook_invalid_delivery_url');
  assert.equal((await bad({ topic: 'order.created' })).data.code, 'rest_missing_callback_param');
});

test('injected faults: dropped and duplicated deliveries, reproducible and logged', async () => {
  const receiver = await startReceiver();
  const hook = (await api.post('webhooks', { topic: 'product.created', delivery_url: receiver.url })).data;
  await control(`stores/${store.id}/faults`, { seed: 3, webhooks: { drop: 1 } });
  await control(`stores/${store.id}/products`, { name: 'Dropped' });
  await sleep(500);
  assert.equal(receiver.received.length, 1, 'only the ping');
  const log = await controlGet(`stores/${store.id}/deliveries`);
  assert.equal(log.at(-1).fault, 'dropped');

  await control(`stores/${store.id}/faults`, { seed: 3, webhooks: { duplicate: 1 } });
  const { id } = await control(`stores/${store.id}/products`, { name: 'Twice' });
  await receiver.waitFor(3);
  const [a, b] = receiver.received.slice(1);
  assert.equal(JSON.parse(a.raw).id, id);
  assert.equal(a.raw.toString(), b.raw.toString());

  await control(`stores/${store.id}/faults`, { seed: 3, webhooks: {} });
  await api.delete(`webhooks/${hook.id}`, { force: true });
  await receiver.close();
});

test('a subscription the platform silently loses: still listed and active, never delivered', async () => {
  const receiver = await startReceiver();
  const hook = (await api.post('webhooks', { topic: 'customer.created', delivery_url: receiver.url })).data;
  await receiver.waitFor(1);  // the ping
  const sub = (await controlGet(`stores/${store.id}/subscriptions`)).find((s) => s.url === receiver.url);
  await control(`stores/${store.id}/subscriptions/${sub.id}/lose`, { mode: 'mute' });
  await control(`stores/${store.id}/customers`, { first_name: 'Unheard' });
  await sleep(300);
  assert.equal(receiver.received.length, 1, 'nothing after the ping');
  assert.equal((await api.get(`webhooks/${hook.id}`)).data.status, 'active', 'the platform says all is well');
  assert.equal((await controlGet(`stores/${store.id}/deliveries`)).at(-1).fault, 'lost');

  const other = (await api.post('webhooks', { topic: 'customer.created', delivery_url: `${receiver.url}?b` })).data;
  const otherSub = (await controlGet(`stores/${store.id}/subscriptions`)).find((s) => s.url.endsWith('?b'));
  await control(`stores/${store.id}/subscriptions/${otherSub.id}/lose`, { mode: 'delete' });
  await assert.rejects(api.get(`webhooks/${other.id}`), /404/, 'gone from the list');
  await assert.rejects(control(`stores/${store.id}/subscriptions/${sub.id}/lose`, { mode: 'sideways' }), /400/);
  await api.delete(`webhooks/${hook.id}`, { force: true });
  await receiver.close();
});

test('an order updated through the REST API is announced as order.updated', async () => {
  const receiver = await startReceiver();
  const hook = (await api.post('webhooks', {
    topic: 'order.updated', delivery_url: receiver.url, secret: 'wc_update_secret' })).data;
  const [order] = (await api.get('orders', { status: 'processing', per_page: 1 })).data;
  const updated = (await api.put(`orders/${order.id}`, { status: 'on-hold' })).data;
  const [, delivery] = await receiver.waitFor(2);  // the ping, then the change
  assert.equal(delivery.headers['x-wc-webhook-topic'], 'order.updated');
  assert.equal(delivery.headers['x-wc-webhook-signature'], sign('wc_update_secret', delivery.raw));
  const payload = JSON.parse(delivery.raw.toString());
  assert.equal(payload.id, order.id);
  assert.equal(payload.status, 'on-hold');
  assert.equal(payload.date_modified_gmt, updated.date_modified_gmt);
  // A note is a comment: no order is saved, nothing is announced.
  await api.post(`orders/${order.id}/notes`, { note: 'Called the customer' });
  await sleep(300);
  assert.equal(receiver.received.length, 2);
  await api.delete(`webhooks/${hook.id}`, { force: true });
  await receiver.close();
});
