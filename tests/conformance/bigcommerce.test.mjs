// BigCommerce emulation, checked with BigCommerce's node client (node-bigcommerce), which
// always calls https://api.bigcommerce.com:443 (redirected to the sandbox with SNI kept).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { control, redirectingAgent, requireTool, stores, certificate, manifest } from './sandbox.mjs';

const BigCommerce = requireTool('node-bigcommerce');
const [store] = stores('bigcommerce');
const client = (apiVersion, extra = {}) => new BigCommerce({
  clientId: store.credentials.client_id, accessToken: store.credentials.access_token,
  storeHash: store.id, responseType: 'json', apiVersion,
  agent: redirectingAgent('api.bigcommerce.com'), ...extra });

// A raw request, for what the client does not expose (status codes, headers).
const raw = (path, token = store.credentials.access_token) => new Promise((resolve, reject) => {
  const req = https.request({
    host: '127.0.0.1', port: Number(new URL(manifest.https).port), servername: 'api.bigcommerce.com',
    ca: certificate, path: `/stores/${store.id}${path}`,
    headers: { 'X-Auth-Token': token, Accept: 'application/json' } }, (res) => {
    let body = '';
    res.on('data', (c) => { body += c; });
    res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
  });
  req.on('error', reject);
  req.end();
});

test('v2 orders: arrays, RFC 2822 dates, four-decimal money, 204 past the end', async () => {
  const v2 = client('v2');
  const page = await v2.get('/orders?limit=50&page=1');
  assert.equal(page.length, 50);
  const o = page[0];
  assert.equal(typeof o.id, 'number');
  assert.match(o.date_created, /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000$/);
  assert.match(o.total_inc_tax, /^-?\d+\.\d{4}$/);
  assert.equal(o.products.resource, `/orders/${o.id}/products`);
  assert.ok(page.every((x, i) => i === 0 || x.id > page[i - 1].id), 'id ascending by default');
  const empty = await v2.get('/orders?limit=50&page=99');
  assert.equal(empty, '');  // 204, no body
  const beyond = await raw('/v2/orders?page=99');
  assert.equal(beyond.status, 204);
  assert.equal(beyond.body, '');
});

test('v2 order filters, products and shipping addresses', async () => {
  const v2 = client('v2');
  const all = [];
  for (let page = 1; ; ++page) {
    const batch = await v2.get(`/orders?limit=250&page=${page}&sort=date_modified:asc`);
    if (batch === '') break;
    all.push(...batch);
  }
  assert.equal(all.length, store.counts.orders);
  const pivot = all[Math.floor(all.length / 2)].date_modified;
  const since = await v2.get(`/orders?limit=250&min_date_modified=${encodeURIComponent(pivot)}`);
  assert.ok(since.length > 0 && since.length < all.length);
  assert.ok(since.every((x) => Date.parse(x.date_modified) >= Date.parse(pivot)));
  const products = await v2.get(`/orders/${all[0].id}/products`);
  assert.ok(products.length >= 1);
  assert.equal(products[0].order_id, all[0].id);
  assert.match(products[0].price_inc_tax, /^\d+\.\d{4}$/);
  const addresses = await v2.get(`/orders/${all[0].id}/shipping_addresses`);
  assert.equal(addresses[0].order_id, all[0].id);
  const statuses = await v2.get('/order_statuses');
  assert.equal(statuses.find((s) => s.id === 11).name, 'Awaiting Fulfillment');
  const count = await v2.get('/orders/count');
  assert.equal(count.count, store.counts.orders);
});

test('v3 customers and catalog products: data/meta envelopes', async () => {
  const v3 = client('v3');
  const customers = await v3.get('/customers?limit=5&include=addresses');
  assert.equal(customers.data.length, 5);
  assert.equal(customers.meta.pagination.total, store.counts.customers);
  assert.equal(customers.meta.pagination.per_page, 5);
  assert.match(customers.data[0].date_modified, /Z$/);
  assert.ok(Array.isArray(customers.data[0].addresses));
  const byEmail = await v3.get(`/customers?email:in=${encodeURIComponent(customers.data[0].email)}`);
  assert.deepEqual(byEmail.data.map((c) => c.id), [customers.data[0].id]);

  const products = await v3.get('/catalog/products?limit=250&include=variants');
  assert.equal(products.data.length, store.counts.products);
  assert.equal(typeof products.data[0].price, 'number');
  assert.ok(Array.isArray(products.data[0].variants));
  const one = await v3.get(`/catalog/products/${products.data[0].id}`);
  assert.equal(one.data.id, products.data[0].id);
});

test('errors: bad token, limits over 250, no cart listing', async () => {
  const wrong = await raw('/v2/orders', 'not-the-token');
  assert.equal(wrong.status, 401);
  await assert.rejects(client('v3', { accessToken: 'nope' }).get('/customers'), /401/);
  assert.equal((await raw('/v2/orders?limit=251')).status, 413);
  assert.equal((await raw('/v3/carts')).status, 405);
  assert.equal((await raw('/v3/carts/00000000-0000-4000-8000-000000000000')).status, 404);
});

test('the store quota: X-Rate-Limit-* on every answer, 429 with X-Retry-After', async () => {
  const ok = await raw('/v2/order_statuses');
  assert.equal(ok.headers['x-rate-limit-requests-quota'], '150');
  assert.equal(ok.headers['x-rate-limit-time-window-ms'], '30000');
  assert.ok(Number(ok.headers['x-rate-limit-requests-left']) < 150);
  assert.ok(Number(ok.headers['x-rate-limit-time-reset-ms']) <= 30000);
  try {
    await control(`stores/${store.id}/faults`, { api: { quota: 2, window_ms: 60000 } });
    await raw('/v2/order_statuses');
    await raw('/v2/order_statuses');
    const limited = await raw('/v2/order_statuses');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['x-rate-limit-requests-left'], '0');
    assert.ok(Number(limited.headers['x-retry-after']) > 0);
    const err = await client('v2', { failOnLimitReached: true }).get('/orders').catch((e) => e);
    assert.ok(err instanceof Error);
    assert.ok(err.retryAfter > 0, 'the client read X-Retry-After');
  } finally {
    await control(`stores/${store.id}/faults`, {});
  }
});

test('v2 order update: status_id and staff_notes in one PUT, refusals as v2 errors', async () => {
  const v2 = client('v2');
  const [order] = await v2.get('/orders?limit=1&sort=id:desc');
  const updated = await v2.put(`/orders/${order.id}`, { status_id: 9, staff_notes: 'Packed' });
  assert.equal(updated.id, order.id);
  assert.equal(updated.status_id, 9);
  assert.equal(updated.status, 'Awaiting Shipment');
  assert.equal(updated.staff_notes, 'Packed');
  assert.ok(Date.parse(updated.date_modified) >= Date.parse(order.date_modified));
  assert.deepEqual(await v2.get(`/orders/${order.id}`), updated);

  const refusal = (status, pattern) => (e) =>
    e.code === status && pattern.test(JSON.parse(e.responseBody)[0].message);
  await assert.rejects(v2.put(`/orders/${order.id}`, { status_id: 15 }),
    refusal(400, /The field 'status_id' is invalid/));
  await assert.rejects(v2.put(`/orders/${order.id}`, { id: 3 }),
    refusal(400, /cannot be written to/));
  await assert.rejects(v2.put('/orders/999999', { status_id: 10 }), refusal(404, /not found/));
  await control(`stores/${store.id}/settings`, { orders_scope: 'read_only' });
  try {
    await assert.rejects(v2.put(`/orders/${order.id}`, { status_id: 10 }),
      refusal(403, /required scope/));
    assert.equal((await v2.get(`/orders/${order.id}`)).status_id, 9, 'reads still allowed');
  } finally {
    await control(`stores/${store.id}/settings`, { orders_scope: 'modify' });
  }
  assert.equal((await v2.get(`/orders/${order.id}`)).status_id, 9, 'a refused PUT changed nothing');
});

test('v3 product update: sale price, stock, visibility; refusals name the field', async () => {
  const v3 = client('v3');
  const { data: [product] } = await v3.get('/catalog/products?limit=1&sort=id&direction=desc');
  const { data: updated, meta } = await v3.put(`/catalog/products/${product.id}`, {
    price: 18, sale_price: 14.5, inventory_tracking: 'product', inventory_level: 7,
    is_visible: false });
  assert.deepEqual(meta, {});
  assert.equal(updated.id, product.id);
  assert.equal(updated.price, 18);
  assert.equal(updated.sale_price, 14.5);
  assert.equal(updated.calculated_price, 14.5, 'a sale price is what is charged');
  assert.equal(updated.inventory_level, 7);
  assert.equal(updated.is_visible, false);
  assert.equal(updated.availability, 'available');
  const { data: read } = await v3.get(`/catalog/products/${product.id}`);
  assert.deepEqual(read, updated);

  const refusal = (status, field) => (e) => {
    const body = JSON.parse(e.responseBody);
    return e.code === status && body.status === status && (field === null || field in body.errors);
  };
  await assert.rejects(v3.put(`/catalog/products/${product.id}`, { price: -1 }),
    refusal(422, 'price'));
  await assert.rejects(v3.put(`/catalog/products/${product.id}`, { inventory_tracking: 'sku' }),
    refusal(422, 'inventory_tracking'));
  await assert.rejects(v3.put(`/catalog/products/${product.id}`, { availability: 'gone' }),
    refusal(422, 'availability'));
  await assert.rejects(v3.put('/catalog/products/999999', { price: 1 }),
    (e) => e.code === 404);
  await control(`stores/${store.id}/settings`, { products_scope: 'read_only' });
  try {
    await assert.rejects(v3.put(`/catalog/products/${product.id}`, { price: 1 }),
      (e) => e.code === 403);
  } finally {
    await control(`stores/${store.id}/settings`, { products_scope: 'modify' });
  }
  assert.deepEqual((await v3.get(`/catalog/products/${product.id}`)).data, updated,
    'a refused PUT changed nothing');
});

test('v3 variant update: own prices and stock; refusals name the field; store/sku hooks', async () => {
  const v3 = client('v3');
  const { platform_id: id } = await control(`stores/${store.id}/products`,
    { name: 'Wool hat', price_minor: 2000, variants: 2 });
  const { data: product } = await v3.get(`/catalog/products/${id}?include=variants`);
  assert.equal(product.inventory_tracking, 'variant');
  const [first, second] = product.variants;
  const { data: updated, meta } = await v3.put(`/catalog/products/${id}/variants/${first.id}`,
    { price: 20, sale_price: 16.5, inventory_level: 4 });
  assert.deepEqual(meta, {});
  assert.equal(updated.id, first.id);
  assert.equal(updated.product_id, Number(id));
  assert.equal(updated.price, 20);
  assert.equal(updated.sale_price, 16.5);
  assert.equal(updated.calculated_price, 16.5);
  assert.equal(updated.inventory_level, 4);
  const { data: read } = await v3.get(`/catalog/products/${id}?include=variants`);
  assert.deepEqual(read.variants[0], updated);
  assert.deepEqual(read.variants[1], second, 'the other variant kept its values');

  const refusal = (status, field) => (e) => {
    const body = JSON.parse(e.responseBody);
    return e.code === status && body.status === status && (field === null || field in body.errors);
  };
  await assert.rejects(v3.put(`/catalog/products/${id}/variants/${first.id}`, { sale_price: -1 }),
    refusal(422, 'sale_price'));
  await assert.rejects(v3.put(`/catalog/products/${id}/variants/999999`, { price: 1 }),
    (e) => e.code === 404);
  await assert.rejects(v3.put(`/catalog/products/999999/variants/${first.id}`, { price: 1 }),
    (e) => e.code === 404);
  assert.deepEqual((await v3.get(`/catalog/products/${id}?include=variants`)).data.variants[0],
    updated, 'a refused PUT changed nothing');
  // The SKU scopes a variant's change fires can be subscribed to.
  const { data: hook } = await v3.post('/hooks', { scope: 'store/sku/updated',
    destination: 'https://hooks.example/sku', is_active: true });
  assert.equal(hook.scope, 'store/sku/updated');
  await v3.delete(`/hooks/${hook.id}`);
});

test('v3 customer update: a list by id, field limits, unique addresses, the Customers scope', async () => {
  const v3 = client('v3');
  const { data: [first, second] } = await v3.get('/customers?limit=2&sort=date_created:asc');
  const { data: updated, meta } = await v3.put('/customers', [
    { id: first.id, first_name: 'Augusta', last_name: 'King', phone: '555-0100',
      email: 'augusta.bc@example.com' }]);
  assert.deepEqual(meta, {});
  assert.equal(updated.length, 1);
  assert.equal(updated[0].id, first.id);
  assert.equal(updated[0].last_name, 'King');
  assert.equal(updated[0].phone, '555-0100');
  assert.equal(updated[0].email, 'augusta.bc@example.com');
  assert.equal(updated[0].addresses, undefined, 'the answer has no addresses');
  const { data: [read] } = await v3.get(`/customers?id:in=${first.id}&include=addresses`);
  assert.equal(read.last_name, 'King');
  assert.ok(Array.isArray(read.addresses));

  const refusal = (status, field) => (e) => {
    const body = JSON.parse(e.responseBody);
    return e.code === status && body.status === status &&
      (field === null || Object.keys(body.errors).some((k) => k.endsWith(field)));
  };
  await assert.rejects(v3.put('/customers', [{ id: first.id, last_name: 'x'.repeat(101) }]),
    refusal(422, 'last_name'));
  await assert.rejects(v3.put('/customers', [{ id: first.id, email: second.email.toUpperCase() }]),
    refusal(422, 'email'));
  await assert.rejects(v3.put('/customers', [{ first_name: 'No id' }]), refusal(422, 'id'));
  await assert.rejects(
    v3.put('/customers', Array.from({ length: 11 }, () => ({ id: first.id }))),
    (e) => e.code === 413);
  await control(`stores/${store.id}/settings`, { customers_scope: 'read_only' });
  try {
    await assert.rejects(v3.put('/customers', [{ id: first.id, first_name: 'Ada' }]),
      (e) => e.code === 403);
  } finally {
    await control(`stores/${store.id}/settings`, { customers_scope: 'modify' });
  }
  const { data: [after] } = await v3.get(`/customers?id:in=${first.id}&include=addresses`);
  assert.deepEqual(after, read, 'a refused PUT changed nothing');
});

test('v3 customer create: a list of new customers, both names required, unique addresses', async () => {
  const v3 = client('v3');
  const { data: made, meta } = await v3.post('/customers', [
    { email: 'new.bc.conf@example.com', first_name: 'Ada', last_name: 'King', phone: '555-0101' }]);
  assert.deepEqual(meta, {});
  assert.equal(made.length, 1);
  assert.equal(made[0].email, 'new.bc.conf@example.com');
  const { data: [read] } = await v3.get(`/customers?email:in=new.bc.conf@example.com`);
  assert.equal(read.id, made[0].id);
  assert.equal(read.accepts_product_review_abandoned_cart_emails, false);
  const { data: [consented] } = await v3.put('/customers', [
    { id: read.id, accepts_product_review_abandoned_cart_emails: true }]);
  assert.equal(consented.accepts_product_review_abandoned_cart_emails, true);
  const refusal = (field) => (e) => e.code === 422 &&
    Object.keys(JSON.parse(e.responseBody).errors).some((k) => k.endsWith(field));
  await assert.rejects(v3.post('/customers', [{ email: 'nameless.bc@example.com' }]),
    refusal('first_name'));
  await assert.rejects(v3.post('/customers', [
    { email: 'NEW.BC.CONF@example.com', first_name: 'Ada', last_name: 'Again' }]), refusal('email'));
  const { data: none } = await v3.get('/customers?email:in=nameless.bc@example.com');
  assert.equal(none.length, 0, 'a refused POST added nothing');
  // Addresses: a sub-resource; a POST of an address the customer already has changes nothing
  // and answers 200 without it.
  const address = { customer_id: made[0].id, first_name: 'Ada', last_name: 'King',
    address1: '1 Main St', city: 'Columbus', state_or_province: 'Ohio', postal_code: '43004',
    country_code: 'US' };
  const { data: [created] } = await v3.post('/customers/addresses', [address]);
  assert.equal(created.address1, '1 Main St');
  const { data: again } = await v3.post('/customers/addresses', [address]);
  assert.deepEqual(again, []);
  await assert.rejects(v3.post('/customers/addresses', [{ ...address, postal_code: undefined }]),
    (e) => e.code === 422);
  const { data: [moved] } = await v3.put('/customers/addresses', [{ id: created.id, address1: '2 High St' }]);
  assert.equal(moved.address1, '2 High St');
  const { data: [withAddress] } = await v3.get(`/customers?id:in=${made[0].id}&include=addresses`);
  assert.equal(withAddress.addresses.length, 1);
});

test('v2 shipments: some units of some products, then the rest; the status follows', async () => {
  const v2 = client('v2');
  const { platform_id: id } = await control(`stores/${store.id}/orders`,
    { status: 'processing', lines: 2 });
  const products = await v2.get(`/orders/${id}/products`);
  const [address] = await v2.get(`/orders/${id}/shipping_addresses`);
  assert.equal(products.length, 2);
  assert.equal(await v2.get(`/orders/${id}/shipments`), '');  // 204 before the first

  const first = await v2.post(`/orders/${id}/shipments`, {
    order_address_id: address.id, tracking_number: '1Z999AA10123456784', shipping_provider: 'ups',
    items: [{ order_product_id: products[0].id, quantity: products[0].quantity }] });
  assert.equal(first.order_id, Number(id));
  assert.equal(first.order_address_id, address.id);
  assert.match(first.date_created, /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000$/);
  assert.deepEqual(first.items, [{ order_product_id: products[0].id,
    product_id: products[0].product_id, quantity: products[0].quantity }]);
  assert.ok(first.generated_tracking_link.includes('1Z999AA10123456784'));
  assert.equal(first.tracking_link, '');
  let order = await v2.get(`/orders/${id}`);
  assert.equal(order.status_id, 3);
  assert.equal(order.status, 'Partially Shipped');
  assert.equal((await v2.get(`/orders/${id}/products`))[0].quantity_shipped, products[0].quantity);

  const refusal = (status, pattern) => (e) =>
    e.code === status && pattern.test(JSON.parse(e.responseBody)[0].message);
  await assert.rejects(v2.post(`/orders/${id}/shipments`, { order_address_id: address.id,
    items: [{ order_product_id: products[0].id, quantity: 1 }] }), refusal(400, /left to ship/));
  await assert.rejects(v2.post(`/orders/${id}/shipments`, { order_address_id: address.id }),
    refusal(400, /'items' was not supplied/));
  await assert.rejects(v2.post(`/orders/${id}/shipments`, { order_address_id: address.id,
    tracking_number: 'x'.repeat(51), items: [{ order_product_id: products[1].id, quantity: 1 }] }),
    refusal(400, /'tracking_number' is invalid/));

  // The guide's own example sends the address id as digits in a string.
  const second = await v2.post(`/orders/${id}/shipments`, {
    order_address_id: String(address.id), tracking_link: 'https://courier.example/t/42',
    items: [{ order_product_id: products[1].id, quantity: products[1].quantity }] });
  assert.equal(second.tracking_link, 'https://courier.example/t/42');
  order = await v2.get(`/orders/${id}`);
  assert.equal(order.status_id, 2);
  assert.equal(order.items_shipped, products[0].quantity + products[1].quantity);
  const listed = await v2.get(`/orders/${id}/shipments`);
  assert.deepEqual(listed.map((s) => s.id), [first.id, second.id]);
});
