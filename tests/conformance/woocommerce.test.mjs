// WooCommerce emulation, checked with WooCommerce's own JS client
// (@woocommerce/woocommerce-rest-api): OAuth 1.0a over HTTP, Basic over HTTPS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, requireTool, stores, trustingAgent } from './sandbox.mjs';

const WooCommerceRestApi = requireTool('@woocommerce/woocommerce-rest-api').default;
const [store, other] = stores('woocommerce');
const creds = store.credentials;

const oauthClient = (url = store.url, secret = creds.consumer_secret) =>
  new WooCommerceRestApi({ url, consumerKey: creds.consumer_key, consumerSecret: secret, version: 'wc/v3' });

const httpsClient = (extra = {}) =>
  new WooCommerceRestApi({
    url: store.https_url, consumerKey: creds.consumer_key, consumerSecret: creds.consumer_secret,
    version: 'wc/v3', axiosConfig: { httpsAgent: trustingAgent() }, ...extra,
  });

const failure = async (promise) => {
  try { await promise; } catch (e) { return e.response; }
  assert.fail('expected the request to fail');
};

test('OAuth 1.0a over HTTP: a page of orders with the pagination headers', async () => {
  const res = await oauthClient().get('orders', { per_page: 20, page: 2 });
  assert.equal(res.status, 200);
  assert.equal(res.data.length, 20);
  assert.equal(Number(res.headers['x-wp-total']), store.counts.orders);
  assert.equal(Number(res.headers['x-wp-totalpages']), Math.ceil(store.counts.orders / 20));
  assert.match(res.headers.link, /rel="prev"/);
  assert.match(res.headers.link, /rel="next"/);
  const order = res.data[0];
  assert.equal(typeof order.id, 'number');
  assert.equal(order.currency, store.currency);
  assert.match(order.total, /^\d+\.\d{2}$/);
  assert.match(order.date_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);  // no offset
  const local = Date.parse(order.date_created + 'Z');
  const gmt = Date.parse(order.date_created_gmt + 'Z');
  assert.equal(local - gmt, store.utc_offset_minutes * 60000);
});

test('paging through every order visits each exactly once, newest first', async () => {
  const api = oauthClient();
  const seen = [];
  let previous = Infinity;
  for (let page = 1; ; ++page) {
    const res = await api.get('orders', { per_page: 100, page });
    if (res.data.length === 0) break;
    for (const o of res.data) {
      const created = Date.parse(o.date_created_gmt + 'Z');
      assert.ok(created <= previous, 'orders come newest first');
      previous = created;
      seen.push(o.id);
    }
  }
  assert.equal(seen.length, store.counts.orders);
  assert.equal(new Set(seen).size, store.counts.orders);
});

test('status, modified_after and single-order reads', async () => {
  const api = oauthClient();
  const completed = await api.get('orders', { status: 'completed', per_page: 100 });
  assert.ok(completed.data.length > 0);
  assert.ok(completed.data.every((o) => o.status === 'completed'));

  const all = (await api.get('orders', { per_page: 100, orderby: 'modified', order: 'asc' })).data;
  const pivot = all[Math.floor(all.length / 2)].date_modified_gmt;
  const newer = await api.get('orders', {
    modified_after: pivot, dates_are_gmt: true, orderby: 'modified', order: 'asc', per_page: 100 });
  assert.ok(newer.data.length > 0);
  assert.ok(newer.data.every((o) => o.date_modified_gmt > pivot));

  const one = await api.get(`orders/${all[0].id}`);
  assert.equal(one.data.id, all[0].id);
  assert.equal((await failure(api.get('orders/999999'))).status, 404);
});

test('customers and products', async () => {
  const api = oauthClient();
  const customers = await api.get('customers', { per_page: 5 });
  assert.equal(customers.data.length, 5);
  assert.equal(Number(customers.headers['x-wp-total']), store.counts.customers);
  const byEmail = await api.get('customers', { email: customers.data[0].email });
  assert.deepEqual(byEmail.data.map((c) => c.id), [customers.data[0].id]);

  const products = await api.get('products', { per_page: 100, status: 'publish' });
  assert.ok(products.data.length > 0);
  assert.ok(products.data.every((p) => p.status === 'publish'));
});

test('invalid parameters answer WordPress REST errors', async () => {
  const res = await failure(oauthClient().get('orders', { per_page: 101 }));
  assert.equal(res.status, 400);
  assert.equal(res.data.code, 'rest_invalid_param');
  assert.equal(res.data.data.status, 400);
});

test('a wrong secret, or signing for another host than the site URL, is refused', async () => {
  const wrong = await failure(oauthClient(store.url, 'cs_wrong').get('orders'));
  assert.equal(wrong.status, 401);
  assert.equal(wrong.data.code, 'woocommerce_rest_authentication_error');
  assert.equal(wrong.data.message, 'Invalid signature - provided signature does not match.');

  // The same server reached as "localhost": WooCommerce signs against its home URL (127.0.0.1).
  const otherHost = store.url.replace('127.0.0.1', 'localhost');
  const mismatch = await failure(oauthClient(otherHost).get('orders'));
  assert.equal(mismatch.status, 401);
});

test('a replayed OAuth nonce is refused', async () => {
  const api = oauthClient();
  const url = `${store.url}/wp-json/wc/v3/orders`;
  const params = api._getOAuth().authorize({ url, method: 'GET' });
  const target = `${url}?${new URLSearchParams(params)}`;
  assert.equal((await fetch(target)).status, 200);
  const replay = await fetch(target);
  assert.equal(replay.status, 401);
  assert.equal((await replay.json()).message, 'Invalid nonce - nonce has already been used.');
});

test('HTTP Basic works over HTTPS only', async () => {
  const res = await httpsClient().get('orders', { per_page: 3 });
  assert.equal(res.status, 200);
  assert.equal(res.data.length, 3);
  const viaQuery = await httpsClient({ queryStringAuth: true }).get('products', { per_page: 1 });
  assert.equal(viaQuery.status, 200);

  const basic = Buffer.from(`${creds.consumer_key}:${creds.consumer_secret}`).toString('base64');
  const plain = await fetch(`${store.url}/wp-json/wc/v3/orders`, { headers: { Authorization: `Basic ${basic}` } });
  assert.equal(plain.status, 401);
  assert.equal((await plain.json()).code, 'woocommerce_rest_cannot_view');

  const wrong = await failure(new WooCommerceRestApi({
    url: store.https_url, consumerKey: creds.consumer_key, consumerSecret: 'cs_wrong', version: 'wc/v3',
    axiosConfig: { httpsAgent: trustingAgent() } }).get('orders'));
  assert.equal(wrong.status, 401);
  assert.equal(wrong.data.message, 'Consumer secret is invalid.');
  assert.match(wrong.headers['www-authenticate'], /^Basic realm="WooCommerce API/);
});

test('stores are separate: one store\'s keys do not open another', async () => {
  const res = await failure(new WooCommerceRestApi({
    url: other.url, consumerKey: creds.consumer_key, consumerSecret: creds.consumer_secret,
    version: 'wc/v3' }).get('orders'));
  assert.equal(res.status, 401);
  assert.equal(res.data.message, 'Consumer key is invalid.');
});

test('injected API faults: 429 storms, host quotas, 5xx and slow answers', async () => {
  const status = async (p) => { try { return (await p).status; } catch (e) { return e.response.status; } };
  const otherApi = new WooCommerceRestApi({
    url: other.url, consumerKey: other.credentials.consumer_key,
    consumerSecret: other.credentials.consumer_secret, version: 'wc/v3' });
  try {
    await control(`stores/${other.id}/faults`, { api: { storm_ms: 1500 } });
    const stormed = await failure(otherApi.get('orders'));
    assert.equal(stormed.status, 429);
    assert.ok(Number(stormed.headers['retry-after']) >= 1);

    await control(`stores/${other.id}/faults`, { api: { quota: 3, window_ms: 60000 } });
    const codes = [];
    for (let i = 0; i < 5; ++i) codes.push(await status(otherApi.get('products', { per_page: 1 })));
    assert.deepEqual(codes, [200, 200, 200, 429, 429]);

    await control(`stores/${other.id}/faults`, { seed: 9, api: { error_share: 1 } });
    assert.ok([500, 502, 503].includes(await status(otherApi.get('orders'))));

    await control(`stores/${other.id}/faults`, { api: { slow_ms: 300 } });
    const started = Date.now();
    assert.equal(await status(otherApi.get('orders', { per_page: 1 })), 200);
    assert.ok(Date.now() - started >= 300);
    // Faults are per store: the first store is unaffected meanwhile.
    assert.equal(await status(oauthClient().get('orders', { per_page: 1 })), 200);
  } finally {
    await control(`stores/${other.id}/faults`, {});
  }
});

test('order writes: status and customer note saved, as the CRUD controller answers', async () => {
  const api = oauthClient();
  const [order] = (await api.get('orders', { status: 'processing', per_page: 1 })).data;
  const res = await api.put(`orders/${order.id}`, { status: 'completed', customer_note: 'Gate code 4711' });
  assert.equal(res.status, 200);
  assert.equal(res.data.id, order.id);
  assert.equal(res.data.status, 'completed');
  assert.equal(res.data.customer_note, 'Gate code 4711');
  assert.ok(res.data.date_modified_gmt >= order.date_modified_gmt);
  assert.ok(res.data.date_completed_gmt);
  assert.deepEqual((await api.get(`orders/${order.id}`)).data, res.data);
  // PATCH and POST reach the same update; an unchanged save changes no date.
  const again = await api.post(`orders/${order.id}`, { status: 'completed' });
  assert.equal(again.data.date_modified_gmt, res.data.date_modified_gmt);
});

test('order meta: a Shipment Tracking item is kept as sent and rewritten by its entry id', async () => {
  const api = oauthClient();
  const [order] = (await api.get('orders', { status: 'processing', per_page: 1 })).data;
  const key = '_wc_shipment_tracking_items';
  const item = {
    tracking_provider: '', custom_tracking_provider: 'UPS', custom_tracking_link: 'https://ups.example/t/1Z',
    tracking_number: '1Z999AA10123456784', date_shipped: '1764547200', tracking_id: 'a1b2',
  };
  const first = await api.put(`orders/${order.id}`, { meta_data: [{ key, value: [item] }] });
  assert.equal(first.status, 200);
  const entries = first.data.meta_data.filter((m) => m.key === key);
  assert.equal(entries.length, 1);
  assert.equal(typeof entries[0].id, 'number');
  assert.deepEqual(entries[0].value, [item]);
  // Named by its id, the entry is rewritten, not doubled; by key alone, too.
  const second = { ...item, tracking_number: 'JJD000390007', tracking_id: 'c3d4' };
  const byId = await api.put(`orders/${order.id}`, { meta_data: [{ id: entries[0].id, key, value: [item, second] }] });
  assert.deepEqual(byId.data.meta_data.filter((m) => m.key === key).map((m) => [m.id, m.value.length]),
    [[entries[0].id, 2]]);
  const byKey = await api.put(`orders/${order.id}`, { meta_data: [{ key, value: [second] }] });
  assert.deepEqual(byKey.data.meta_data.filter((m) => m.key === key).map((m) => m.id), [entries[0].id]);
  assert.deepEqual((await api.get(`orders/${order.id}`)).data.meta_data, byKey.data.meta_data);
  // WordPress validates the list before the order is looked up.
  for (const [meta, says] of [[{ key }, 'meta_data is not of type array.'], [[7], 'meta_data[0] is not of type object.'],
    [[{ key: 5, value: 1 }], 'meta_data[0][key] is not of type string.']]) {
    const bad = await failure(api.put('orders/999999', { meta_data: meta }));
    assert.equal(bad.status, 400);
    assert.equal(bad.data.code, 'rest_invalid_param');
    assert.equal(bad.data.data.params.meta_data, says);
  }
});

test('product writes: regular and sale price, stock and status, as the products controller saves them', async () => {
  const api = oauthClient();
  const products = (await api.get('products', { per_page: 50 })).data;
  const simple = products.find((p) => p.type === 'simple');
  const variable = products.find((p) => p.type === 'variable');
  assert.ok(simple && variable);
  const sale = await api.put(`products/${simple.id}`, {
    regular_price: '18.00', sale_price: '14.50', manage_stock: true, stock_quantity: 7,
  });
  assert.equal(sale.status, 200);
  assert.equal(sale.data.price, '14.50');
  assert.equal(sale.data.regular_price, '18.00');
  assert.equal(sale.data.sale_price, '14.50');
  assert.equal(sale.data.on_sale, true);
  assert.equal(sale.data.stock_quantity, 7);
  assert.deepEqual((await api.get(`products/${simple.id}`)).data, sale.data);
  // A sale price that is not below the regular price is dropped on save.
  const dropped = await api.put(`products/${simple.id}`, { sale_price: '19.00' });
  assert.equal(dropped.data.sale_price, '');
  assert.equal(dropped.data.on_sale, false);
  assert.equal(dropped.data.price, '18.00');
  // Without stock management there is no quantity.
  const unmanaged = await api.put(`products/${simple.id}`, { manage_stock: false, status: 'private' });
  assert.equal(unmanaged.data.stock_quantity, null);
  assert.equal(unmanaged.data.status, 'private');
  // A variable product's prices are its variations': ignored on the parent.
  const parent = await api.put(`products/${variable.id}`, { regular_price: '1.00' });
  assert.equal(parent.status, 200);
  assert.equal(parent.data.regular_price, variable.regular_price);
  // Validated before the product is looked up, then an unknown id is 400.
  const bad = await failure(api.put('products/999999', { status: 'trash' }));
  assert.equal(bad.status, 400);
  assert.equal(bad.data.data.params.status, 'status is not one of draft, pending, private, publish, and future.');
  const number = await failure(api.put(`products/${simple.id}`, { regular_price: 19.99 }));
  assert.equal(number.data.data.params.regular_price, 'regular_price is not of type string.');
  const unknown = await failure(api.put('products/999999', { status: 'draft' }));
  assert.equal(unknown.status, 400);
  assert.equal(unknown.data.code, 'woocommerce_rest_product_invalid_id');
});

test('customer writes: names, address and billing phone, as the customers controller saves them', async () => {
  const api = oauthClient();
  const [first, second] = (await api.get('customers', { per_page: 2 })).data;
  const saved = await api.put(`customers/${first.id}`, {
    first_name: ' Augusta ', last_name: 'King', email: 'augusta.king@example.com',
    billing: { phone: '+44 20 7946 0958' } });
  assert.equal(saved.status, 200);
  assert.equal(saved.data.first_name, 'Augusta', 'wc_clean() trims');
  assert.equal(saved.data.email, 'augusta.king@example.com');
  assert.equal(saved.data.billing.phone, '+44 20 7946 0958');
  assert.deepEqual((await api.get(`customers/${first.id}`)).data, saved.data);
  // Another account's address is refused; so is the customer's own in other capitals, since
  // email_exists() ignores case and update_item() compares exactly.
  for (const email of [second.email, 'Augusta.King@example.com']) {
    const taken = await failure(api.put(`customers/${first.id}`, { email }));
    assert.equal(taken.status, 400);
    assert.equal(taken.data.code, 'woocommerce_rest_customer_invalid_email');
    assert.equal(taken.data.message, 'Email address is invalid.');
  }
  const bad = await failure(api.put(`customers/${first.id}`, { email: 'not-an-address' }));
  assert.equal(bad.status, 400);
  assert.equal(bad.data.data.params.email, 'Invalid email address.');
  const unknown = await failure(api.put('customers/999999', { first_name: 'Nobody' }));
  assert.equal(unknown.status, 404);
  assert.equal(unknown.data.code, 'wc_user_invalid_id');
  assert.deepEqual((await api.get(`customers/${first.id}`)).data, saved.data,
    'a refused PUT changed nothing');
  // The billing address, each field set as given (trimmed).
  const moved = await api.put(`customers/${first.id}`, { billing: {
    address_1: ' 12 St James\'s Square ', address_2: '', city: 'London', state: 'LND',
    postcode: 'SW1Y 4LB', country: 'GB', company: '' } });
  assert.equal(moved.data.billing.address_1, "12 St James's Square");
  assert.equal(moved.data.billing.country, 'GB');
  assert.equal(moved.data.billing.phone, '+44 20 7946 0958', 'a billing field not sent stays');
});

test('new customers: created 201 as create_item() makes them; the address is unique', async () => {
  const api = oauthClient();
  const made = await api.post('customers', {
    email: 'new.woo.conf@example.com', first_name: ' Ada ', last_name: 'King',
    billing: { phone: '+44 20 7946 0000' } });
  assert.equal(made.status, 201);
  assert.equal(made.data.first_name, 'Ada');
  assert.equal(made.data.billing.phone, '+44 20 7946 0000');
  assert.match(made.headers.location, new RegExp(`/wc/v3/customers/${made.data.id}$`));
  assert.deepEqual((await api.get(`customers/${made.data.id}`)).data, made.data);
  const total = Number((await api.get('customers', { per_page: 1 })).headers['x-wp-total']);
  const taken = await failure(api.post('customers', { email: 'New.Woo.Conf@example.com' }));
  assert.equal(taken.status, 400);
  assert.equal(taken.data.code, 'registration-error-email-exists');
  const missing = await failure(api.post('customers', { first_name: 'Nobody' }));
  assert.equal(missing.status, 400);
  assert.equal(missing.data.code, 'rest_missing_callback_param');
  // A store whose password option is "no" requires a password.
  await control(`stores/${store.id}/settings`, { registration_generate_password: 'no' });
  try {
    const nopw = await failure(api.post('customers', { email: 'pw.woo.conf@example.com' }));
    assert.equal(nopw.status, 400);
    assert.equal(nopw.data.message, 'Missing parameter(s): password');
  } finally {
    await control(`stores/${store.id}/settings`, { registration_generate_password: 'yes' });
  }
  assert.equal(Number((await api.get('customers', { per_page: 1 })).headers['x-wp-total']), total,
    'a refused POST added nothing');
});

test('order writes are validated before the order is looked up', async () => {
  const api = oauthClient();
  const [order] = (await api.get('orders', { per_page: 1 })).data;
  const bad = await failure(api.put(`orders/${order.id}`, { status: 'shipped' }));
  assert.equal(bad.status, 400);
  assert.equal(bad.data.code, 'rest_invalid_param');
  assert.equal(bad.data.data.params.status,
    'status is not one of auto-draft, pending, processing, on-hold, completed, cancelled, refunded, failed, and checkout-draft.');
  assert.equal((await api.get(`orders/${order.id}`)).data.status, order.status, 'nothing changed');
  // An unknown id is 400 on update (404 only on reads).
  const unknown = await failure(api.put('orders/999999', { status: 'completed' }));
  assert.equal(unknown.status, 400);
  assert.equal(unknown.data.code, 'woocommerce_rest_shop_order_invalid_id');
  const unknownAndBad = await failure(api.put('orders/999999', { status: 'shipped' }));
  assert.equal(unknownAndBad.data.code, 'rest_invalid_param');
});

test('order notes: created 201 by "WooCommerce", listed newest first', async () => {
  const api = oauthClient();
  const [order] = (await api.get('orders', { per_page: 1, page: 3 })).data;
  const first = await api.post(`orders/${order.id}/notes`, { note: 'Packed' });
  assert.equal(first.status, 201);
  assert.equal(first.data.note, 'Packed');
  assert.equal(first.data.author, 'WooCommerce');
  assert.equal(first.data.customer_note, false);
  const second = await api.post(`orders/${order.id}/notes`, { note: 'Shipped', customer_note: true });
  assert.equal(second.data.customer_note, true);
  const listed = (await api.get(`orders/${order.id}/notes`)).data.map((n) => n.id);
  assert.deepEqual(listed, [second.data.id, first.data.id]);
  assert.equal((await api.get(`orders/${order.id}/notes/${first.data.id}`)).data.note, 'Packed');
  const missing = await failure(api.post(`orders/${order.id}/notes`, {}));
  assert.equal(missing.status, 400);
  assert.equal(missing.data.code, 'rest_missing_callback_param');
  assert.equal((await failure(api.post('orders/999999/notes', { note: 'x' }))).status, 404);
});

test('a read-only key reads but cannot write', async () => {
  const api = oauthClient();
  await control(`stores/${store.id}/settings`, { key_permissions: 'read' });
  try {
    const [order] = (await api.get('orders', { per_page: 1 })).data;
    const refused = await failure(api.put(`orders/${order.id}`, { status: 'on-hold' }));
    assert.equal(refused.status, 401);
    assert.equal(refused.data.code, 'woocommerce_rest_authentication_error');
    assert.equal(refused.data.message, 'The API key provided does not have write permissions.');
    assert.equal((await api.get(`orders/${order.id}`)).data.status, order.status);
  } finally {
    await control(`stores/${store.id}/settings`, { key_permissions: 'read_write' });
  }
});
