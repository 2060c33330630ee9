// BigCommerce webhooks: hooks registered through the client, thin payloads signed the
// Standard Webhooks way with the app's client secret (verified with the standardwebhooks
// library), custom headers echoed, retries on the documented schedule then deactivation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { control, redirectingAgent, requireTool, stores } from './sandbox.mjs';
import { startReceiver } from './receiver.mjs';

const BigCommerce = requireTool('node-bigcommerce');
const { Webhook } = requireTool('standardwebhooks');
const store = stores('bigcommerce')[1];  // its own store: files run concurrently
const v3 = new BigCommerce({
  clientId: store.credentials.client_id, accessToken: store.credentials.access_token,
  storeHash: store.id, responseType: 'json', apiVersion: 'v3',
  agent: redirectingAgent('api.bigcommerce.com') });
const verifier = new Webhook(Buffer.from(store.credentials.client_secret).toString('base64'));

test('thin payloads, Standard Webhooks signatures, custom headers', async () => {
  const receiver = await startReceiver();
  const hook = (await v3.post('/hooks', {
    scope: 'store/order/*', destination: receiver.url, is_active: true,
    headers: { 'X-Custom-Auth': 'let-me-in' } })).data;
  assert.equal(hook.scope, 'store/order/*');
  assert.equal(hook.is_active, true);
  assert.equal(typeof hook.created_at, 'number');

  const { id } = await control(`stores/${store.id}/orders`);
  const [delivery] = await receiver.waitFor(1);
  const payload = verifier.verify(delivery.raw.toString(), delivery.headers);
  assert.equal(payload.scope, 'store/order/created');
  assert.deepEqual(payload.data, { type: 'order', id });
  assert.equal(payload.store_id, store.settings.store_id);
  assert.equal(typeof payload.store_id, 'string');
  assert.equal(payload.producer, `stores/${store.id}`);
  assert.equal(payload.hash, crypto.createHash('sha1').update(JSON.stringify(payload.data)).digest('hex'));
  assert.equal(delivery.headers['x-custom-auth'], 'let-me-in');
  assert.throws(() => new Webhook(Buffer.from('wrong').toString('base64'))
    .verify(delivery.raw.toString(), delivery.headers));

  await control(`stores/${store.id}/orders/${id}`, { status: 'completed' });
  const deliveries = await receiver.waitFor(3);
  const scopes = deliveries.slice(1).map((d) => JSON.parse(d.raw).scope).sort();
  assert.deepEqual(scopes, ['store/order/statusUpdated', 'store/order/updated']);
  const status = deliveries.slice(1).map((d) => JSON.parse(d.raw)).find((p) => p.scope.endsWith('statusUpdated'));
  assert.equal(status.data.status.new_status_id, 10);

  // An API write fires the same webhooks: updated on every save, statusUpdated on a new status.
  const v2 = new BigCommerce({
    clientId: store.credentials.client_id, accessToken: store.credentials.access_token,
    storeHash: store.id, responseType: 'json', apiVersion: 'v2',
    agent: redirectingAgent('api.bigcommerce.com') });
  await v2.put(`/orders/${id}`, { status_id: 5 });
  const written = (await receiver.waitFor(5)).slice(3).map((d) => JSON.parse(d.raw));
  assert.deepEqual(written.map((p) => p.scope).sort(), ['store/order/statusUpdated', 'store/order/updated']);
  assert.deepEqual(written.find((p) => p.scope.endsWith('statusUpdated')).data.status,
    { previous_status_id: 10, new_status_id: 5 });
  await v2.put(`/orders/${id}`, { staff_notes: 'Called the customer' });
  const noted = (await receiver.waitFor(6)).slice(5).map((d) => JSON.parse(d.raw).scope);
  assert.deepEqual(noted, ['store/order/updated']);
  await v3.delete(`/hooks/${hook.id}`);
  await receiver.close();
});

test('failing deliveries are retried 11 times on the schedule, then the hook is deactivated', async () => {
  const receiver = await startReceiver({ status: 500 });
  const hook = (await v3.post('/hooks', { scope: 'store/product/created', destination: receiver.url })).data;
  await control(`stores/${store.id}/products`, { name: 'Unlucky' });
  await receiver.waitFor(12, 20000);
  const ids = new Set(receiver.received.map((d) => d.headers['webhook-id']));
  assert.equal(ids.size, 1, 'retries keep the webhook-id');
  for (const d of receiver.received) verifier.verify(d.raw.toString(), d.headers);
  let active = true;
  for (let i = 0; i < 40 && active; ++i) {
    await new Promise((r) => setTimeout(r, 50));
    active = (await v3.get(`/hooks/${hook.id}`)).data.is_active;
  }
  assert.equal(active, false);
  assert.equal(receiver.received.length, 12);
  await v3.delete(`/hooks/${hook.id}`);
  await receiver.close();
});

test('hook validation', async () => {
  await assert.rejects(v3.post('/hooks', { scope: 'store/order/exploded', destination: 'https://x.test/h' }), /422/);
  await assert.rejects(v3.post('/hooks', { destination: 'https://x.test/h' }), /422/);
  // As on BigCommerce (the sandbox's default; this run relaxes it for local receivers):
  // destinations are HTTPS on port 443 only.
  await control(`stores/${store.id}/settings`, { strict_destinations: 'true' });
  try {
    for (const destination of ['http://x.test/h', 'https://x.test:8443/h']) {
      await assert.rejects(v3.post('/hooks', { scope: 'store/order/created', destination }), /422/);
    }
    const ok = (await v3.post('/hooks', { scope: 'store/order/created', destination: 'https://x.test/h' })).data;
    await v3.delete(`/hooks/${ok.id}`);
  } finally {
    await control(`stores/${store.id}/settings`, { strict_destinations: 'false' });
  }
});

test('carts: store/cart/* events, reads by id and token, conversion to an order', async () => {
  const receiver = await startReceiver();
  const hooks = [];
  for (const scope of ['store/cart/*', 'store/cart/lineItem/*', 'store/order/created']) {
    hooks.push((await v3.post('/hooks', { scope, destination: receiver.url })).data.id);
  }
  const cart = await control(`stores/${store.id}/carts`, { lines: 2 });
  const created = (await receiver.waitFor(3)).map((d) => verifier.verify(d.raw.toString(), d.headers));
  assert.deepEqual(created.map((p) => p.scope).sort(),
    ['store/cart/created', 'store/cart/lineItem/created', 'store/cart/lineItem/created']);
  const lineEvent = created.find((p) => p.scope === 'store/cart/lineItem/created');
  assert.equal(lineEvent.data.type, 'cart_line_item');
  assert.equal(lineEvent.data.cartId, cart.id);
  assert.match(lineEvent.data.id, /^[0-9a-f-]{36}$/);

  const read = (await v3.get(`/carts/${cart.id}`)).data;
  assert.equal(read.id, cart.id);
  assert.equal(read.line_items.physical_items.length, 2);
  assert.ok(read.line_items.physical_items.some((i) => i.id === lineEvent.data.id));

  await control(`stores/${store.id}/carts/${cart.id}/abandon`);
  const abandoned = verifier.verify((await receiver.waitFor(4))[3].raw.toString(), receiver.received[3].headers);
  assert.equal(abandoned.scope, 'store/cart/abandoned');
  assert.equal(abandoned.data.token, cart.token);
  assert.equal((await v3.get(`/abandoned-carts/${cart.token}`)).data.cart_id, cart.id);

  const { order_id } = await control(`stores/${store.id}/carts/${cart.id}/convert`);
  const scopes = (await receiver.waitFor(6)).slice(4).map((d) => JSON.parse(d.raw));
  assert.deepEqual(scopes.map((p) => p.scope).sort(), ['store/cart/converted', 'store/order/created']);
  assert.equal(scopes.find((p) => p.scope === 'store/cart/converted').data.orderId, order_id);
  const v2 = new BigCommerce({ ...v3.config, apiVersion: 'v2' });
  assert.equal((await v2.get(`/orders/${order_id}`)).cart_id, cart.id);
  await assert.rejects(v3.get(`/carts/${cart.id}`), /404/, 'a converted cart is gone');
  for (const id of hooks) await v3.delete(`/hooks/${id}`);
  await receiver.close();
});
