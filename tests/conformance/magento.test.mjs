// Magento 2 emulation, checked from outside: admin tokens, integration tokens (Bearer refused by
// default since 2.4.4), OAuth 1.0a signed by an independent implementation (the oauth-1.0a npm
// package) and searchCriteria lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { control, requireTool, stores } from './sandbox.mjs';

const OAuth = requireTool('oauth-1.0a');
const [store] = stores('magento');
const c = store.credentials;
const api = `${store.url}/rest/V1`;

const oauth = new OAuth({
  consumer: { key: c.consumer_key, secret: c.consumer_secret },
  signature_method: 'HMAC-SHA256',
  hash_function: (base, key) => crypto.createHmac('sha256', key).update(base).digest('base64'),
});
const signedGet = (url, secret = c.access_token_secret) => {
  const header = oauth.toHeader(oauth.authorize({ url, method: 'GET' }, { key: c.access_token, secret }));
  return fetch(url, { headers: header });
};
// searchCriteria in the query, spaces as %20 (Magento does not read '+' as a space).
const criteria = (obj, prefix = 'searchCriteria') => Object.entries(obj).flatMap(([k, v]) =>
  typeof v === 'object' ? criteria(v, `${prefix}[${k}]`) : [`${prefix}[${k}]=${encodeURIComponent(v)}`]);
const query = (obj) => criteria(obj).join('&');

async function adminToken() {
  const res = await fetch(`${api}/integration/admin/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: c.admin_username, password: c.admin_password }) });
  assert.equal(res.status, 200);
  return res.json();  // a JSON string
}

test('admin token, then searchCriteria pages that stop at total_count', async () => {
  const token = await adminToken();
  assert.equal(typeof token, 'string');
  const auth = { Authorization: `Bearer ${token}` };
  const seen = [];
  let total = Infinity;
  for (let page = 1; seen.length < total; ++page) {
    const res = await fetch(`${api}/orders?${query({ pageSize: 50, currentPage: page,
      sortOrders: { 0: { field: 'entity_id', direction: 'ASC' } } })}`, { headers: auth });
    assert.equal(res.status, 200);
    const body = await res.json();
    total = body.total_count;
    assert.equal(body.search_criteria.page_size, 50);
    seen.push(...body.items.map((o) => o.entity_id));
  }
  assert.equal(seen.length, store.counts.orders);
  assert.equal(new Set(seen).size, seen.length);
  const beyond = await (await fetch(`${api}/orders?${query({ pageSize: 50, currentPage: 99 })}`, { headers: auth })).json();
  assert.deepEqual(beyond.items, []);  // 2.4.x: an empty page, not the last one again
  assert.equal(beyond.total_count, store.counts.orders);

  const wrong = await fetch(`${api}/integration/admin/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'nope' }) });
  assert.equal(wrong.status, 401);
});

test('order shape: naive UTC dates, numeric money, configurable parent and child lines', async () => {
  const auth = { Authorization: `Bearer ${await adminToken()}` };
  const { items } = await (await fetch(`${api}/orders?${query({ pageSize: 200 })}`, { headers: auth })).json();
  const o = items[0];
  assert.match(o.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.match(o.increment_id, /^\d{9}$/);
  assert.equal(typeof o.grand_total, 'number');
  assert.ok(items.some((x) => x.customer_is_guest === 1 && !('customer_id' in x)), 'guests have no customer_id');
  assert.ok(items.some((x) => x.discount_amount < 0), 'discounts are negative');
  const withChild = items.find((x) => x.items.some((i) => i.parent_item_id));
  assert.ok(withChild, 'configurable products come with child lines');
  const child = withChild.items.find((i) => i.parent_item_id);
  assert.ok(withChild.items.some((i) => i.item_id === child.parent_item_id && i.product_type === 'configurable'));
  assert.ok(o.extension_attributes.shipping_assignments[0].shipping.address.city);
  const one = await (await fetch(`${api}/orders/${o.entity_id}`, { headers: auth })).json();
  assert.equal(one.increment_id, o.increment_id);
  assert.equal((await fetch(`${api}/orders/999999`, { headers: auth })).status, 404);
});

test('filters: groups AND, filters within a group OR, both spellings', async () => {
  const auth = { Authorization: `Bearer ${await adminToken()}` };
  const all = (await (await fetch(`${api}/orders?${query({ pageSize: 500 })}`, { headers: auth })).json()).items;
  const pivot = all.map((o) => o.updated_at).sort()[Math.floor(all.length / 2)];
  const since = await (await fetch(`${api}/orders?${query({ filter_groups: { 0: { filters: { 0: {
    field: 'updated_at', value: pivot, condition_type: 'gteq' } } } }, pageSize: 500 })}`, { headers: auth })).json();
  assert.ok(since.items.length > 0 && since.items.every((o) => o.updated_at >= pivot));
  const camel = await (await fetch(`${api}/orders?${query({ filterGroups: { 0: { filters: { 0: {
    field: 'updated_at', value: pivot, conditionType: 'gteq' } } } }, pageSize: 500 })}`, { headers: auth })).json();
  assert.equal(camel.total_count, since.total_count);
  const either = await (await fetch(`${api}/orders?${query({ filter_groups: { 0: { filters: {
    0: { field: 'status', value: 'complete' }, 1: { field: 'status', value: 'canceled' } } },
    1: { filters: { 0: { field: 'updated_at', value: pivot, condition_type: 'gteq' } } } }, pageSize: 500 })}`,
  { headers: auth })).json();
  assert.ok(either.items.every((o) => ['complete', 'canceled'].includes(o.status) && o.updated_at >= pivot));
  const bad = await fetch(`${api}/orders?${query({ filter_groups: { 0: { filters: { 0: { field: 'nope', value: 1 } } } } })}`,
    { headers: auth });
  assert.equal(bad.status, 400);
});

test('OAuth 1.0a with the integration credentials; integration tokens as Bearer only when enabled', async () => {
  const url = `${api}/customers/search?${query({ pageSize: 5, filter_groups: { 0: { filters: { 0: {
    field: 'created_at', value: '2000-01-01 00:00:00', condition_type: 'gt' } } } } })}`;
  const ok = await signedGet(url);
  assert.equal(ok.status, 200);
  const body = await ok.json();
  assert.equal(body.items.length, 5);
  assert.equal(body.total_count, store.counts.customers);
  assert.equal((await signedGet(url, 'wrong-secret')).status, 401);

  // The same signed request twice: the nonce is refused the second time.
  const header = oauth.toHeader(oauth.authorize({ url, method: 'GET' }, { key: c.access_token, secret: c.access_token_secret }));
  assert.equal((await fetch(url, { headers: header })).status, 200);
  assert.equal((await fetch(url, { headers: header })).status, 401);

  const bearer = await fetch(url, { headers: { Authorization: `Bearer ${c.access_token}` } });
  assert.equal(bearer.status, 401);
  assert.equal((await bearer.json()).message, "The consumer isn't authorized to access %resources.");
  await control(`stores/${store.id}/settings`, { integration_as_bearer: 'true' });
  try {
    assert.equal((await fetch(url, { headers: { Authorization: `Bearer ${c.access_token}` } })).status, 200);
  } finally {
    await control(`stores/${store.id}/settings`, { integration_as_bearer: 'false' });
  }
  assert.equal((await fetch(`${api}/orders`)).status, 401);
});

test('carts: carts/search without totals, totals separately', async () => {
  const auth = { Authorization: `Bearer ${await adminToken()}` };
  const res = await (await fetch(`${api}/carts/search?${query({ filter_groups: { 0: { filters: { 0: {
    field: 'is_active', value: 1 } } } } })}`, { headers: auth })).json();
  assert.ok(res.items.length > 0);
  const cart = res.items[0];
  assert.equal(cart.is_active, true);
  assert.equal(cart.grand_total, undefined, 'no totals in the list');
  assert.ok(cart.currency.quote_currency_code);
  const totals = await (await fetch(`${api}/carts/${cart.id}/totals`, { headers: auth })).json();
  assert.equal(typeof totals.grand_total, 'number');
  assert.equal(totals.items_qty, cart.items_qty);
  // CartTotalRepository::get(): grand_total is reported without tax, the segment with it.
  const segment = totals.total_segments.find((s) => s.code === 'grand_total');
  assert.ok(Math.abs(segment.value - (totals.grand_total + totals.tax_amount)) < 1e-9);
  assert.ok(totals.tax_amount > 0, 'the sandbox taxes carts');
  assert.equal((await fetch(`${api}/carts/999999`, { headers: auth })).status, 404);
});

test('carts made through the control API are polled: new, then converted', async () => {
  const auth = { Authorization: `Bearer ${await adminToken()}` };
  const cart = await control(`stores/${store.id}/carts`, { lines: 3 });
  const read = async () => (await fetch(`${api}/carts/${cart.id}`, { headers: auth })).json();
  const fresh = await read();
  assert.equal(fresh.is_active, true);
  assert.equal(fresh.items_count, 3);
  const { order_id } = await control(`stores/${store.id}/carts/${cart.id}/convert`);
  const done = await read();
  assert.equal(done.is_active, false);
  assert.equal(done.reserved_order_id, String(order_id));
  // The totals load the quote with getActive(): a converted cart is no such entity there.
  const gone = await fetch(`${api}/carts/${cart.id}/totals`, { headers: auth });
  assert.equal(gone.status, 404);
  assert.equal((await gone.json()).parameters.fieldName, 'cartId');
  const order = await (await fetch(`${api}/orders/${order_id}`, { headers: auth })).json();
  assert.equal(order.items.filter((i) => !i.parent_item_id).length, 3);
  await assert.rejects(control(`stores/${store.id}/carts/${cart.id}/convert`), /409/);
  await assert.rejects(control(`stores/${store.id}/carts`, { lines: 0 }), /400/);
  await assert.rejects(control(`stores/${store.id}/carts`, { customer_id: 'x' }), /400/);
});

test('products and store-code paths', async () => {
  const auth = { Authorization: `Bearer ${await adminToken()}` };
  const res = await (await fetch(`${store.url}/rest/default/V1/products?${query({ pageSize: 3 })}`, { headers: auth })).json();
  assert.equal(res.items.length, 3);
  const one = await (await fetch(`${api}/products/${encodeURIComponent(res.items[0].sku)}`, { headers: auth })).json();
  assert.equal(one.id, res.items[0].id);
  const like = await (await fetch(`${store.url}/rest/all/V1/products?${query({ filter_groups: { 0: { filters: { 0: {
    field: 'sku', value: 'SKU-100%', condition_type: 'like' } } } } })}`, { headers: auth })).json();
  assert.ok(like.items.length > 0 && like.items.every((p) => p.sku.startsWith('SKU-100')));
});

// A signed request with a JSON body: only the method, URL and OAuth parameters are signed.
const signed = (method, url, body) => {
  const header = oauth.toHeader(
    oauth.authorize({ url, method }, { key: c.access_token, secret: c.access_token_secret }));
  return fetch(url, { method, headers: { ...header, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
};

test('order actions answer booleans; a comment sets the order status, none when it has none', async () => {
  const { id } = await control(`stores/${store.id}/orders`, { status: 'pending' });
  const order = async () => (await signedGet(`${api}/orders/${id}`)).json();
  const act = async (action, body) => {
    const res = await signed('POST', `${api}/orders/${id}/${action}`, body);
    return { status: res.status, body: await res.json() };
  };
  assert.deepEqual(await act('hold'), { status: 200, body: true });
  let o = await order();
  assert.equal(o.state, 'holded');
  assert.equal(o.hold_before_state, 'new');
  assert.deepEqual(await act('hold'), { status: 400, body: { message: 'A hold action is not available.' } });
  assert.deepEqual(await act('unhold'), { status: 200, body: true });
  o = await order();
  assert.deepEqual([o.state, o.status], ['new', 'pending']);
  assert.deepEqual(await act('unhold'), { status: 400, body: { message: 'You cannot remove the hold.' } });

  const comment = (history) => act('comments', { statusHistory: history });
  assert.deepEqual(await comment({ comment: 'Kept', status: 'pending', is_customer_notified: 0 }),
    { status: 200, body: true });
  o = await order();
  assert.equal(o.status, 'pending');
  assert.equal(o.status_histories[0].comment, 'Kept');
  assert.match(o.status_histories[0].created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  // Order::addStatusHistory() takes the comment's status, none here (magento/magento2#34180).
  assert.deepEqual(await comment({ comment: 'Lost the status' }), { status: 200, body: true });
  o = await order();
  assert.equal(o.status, undefined);
  assert.equal(o.state, 'new');
  assert.deepEqual(await act('comments', { comment: 'flat' }), { status: 400, body: {
    message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'statusHistory' } } });

  assert.deepEqual(await act('cancel'), { status: 200, body: true });
  assert.equal((await order()).state, 'canceled');
  assert.deepEqual(await act('cancel'), { status: 200, body: false }, 'canCancel() says no: false, not an error');

  await control(`stores/${store.id}/settings`, { denied_resources: 'Magento_Sales::hold' });
  try {
    assert.deepEqual(await act('hold'), { status: 401, body: {
      message: "The consumer isn't authorized to access %resources.",
      parameters: { resources: 'Magento_Sales::hold' } } });
  } finally {
    await control(`stores/${store.id}/settings`, { denied_resources: '' });
  }
  const missing = await signed('POST', `${api}/orders/999999/cancel`);
  assert.equal(missing.status, 404);
});

test('shipments: one validated document, the id as a string, read back by id and by order', async () => {
  const { id } = await control(`stores/${store.id}/orders`, { status: 'processing', lines: 2 });
  const order = async () => (await signedGet(`${api}/orders/${id}`)).json();
  const ship = async (body) => {
    const res = await signed('POST', `${api}/order/${id}/ship`, body);
    return { status: res.status, body: await res.json() };
  };
  const items = (await order()).items.filter((i) => i.parent_item_id === undefined);
  assert.equal(items.length, 2);
  const [first, second] = items;

  // Every reason at once, and nothing made.
  const refused = await ship({ items: [{ order_item_id: 987654, qty: 1 },
    { order_item_id: first.item_id, qty: first.qty_ordered + 1 }], tracks: [{ title: 'x', carrier_code: 'custom' }] });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.message, 'Shipment Document Validation Error(s):\n' +
    'We can not found item "987654" in order.\n' +
    `We found an invalid quantity to ship for item "${first.name}".\n` +
    "You can't create a shipment without products.\nPlease enter a tracking number.");
  const unknownField = await ship({ items: [{ order_item_id: first.item_id, qty: 1, weight: 2 }] });
  assert.deepEqual(unknownField, { status: 400, body: {
    message: 'Property "%1" does not have accessor method "%2" in class "%3".',
    parameters: ['weight', 'getWeight', 'Magento\\Sales\\Api\\Data\\ShipmentItemCreationInterface'] } });
  assert.equal((await order()).items.find((i) => i.item_id === first.item_id).qty_shipped, 0);

  const made = await ship({ items: [{ order_item_id: first.item_id, qty: first.qty_ordered }],
    tracks: [{ track_number: '1Z999AA1', title: 'UPS', carrier_code: 'ups' }],
    comment: { comment: 'Left the warehouse', is_visible_on_front: 1 }, notify: true, appendComment: true });
  assert.equal(made.status, 200);
  assert.equal(typeof made.body, 'string', 'ShipOrderInterface answers the id as the database gave it');
  const shipment = await (await signedGet(`${api}/shipment/${made.body}`)).json();
  assert.equal(String(shipment.entity_id), made.body);
  assert.deepEqual(shipment.items.map((i) => [i.order_item_id, i.qty]), [[first.item_id, first.qty_ordered]]);
  assert.deepEqual(shipment.tracks.map((t) => [t.track_number, t.title, t.carrier_code]), [['1Z999AA1', 'UPS', 'ups']]);
  assert.equal(shipment.comments[0].comment, 'Left the warehouse');
  assert.equal(shipment.comments[0].is_customer_notified, 1);
  assert.equal(shipment.email_sent, 1);
  let o = await order();
  assert.equal(o.state, 'processing');
  assert.equal(o.items.find((i) => i.item_id === first.item_id).qty_shipped, first.qty_ordered);

  // No items: everything left; the order, invoiced in full, is then complete.
  const rest = await ship({});
  assert.equal(rest.status, 200);
  o = await order();
  assert.equal(o.state, 'complete');
  assert.equal(o.items.find((i) => i.item_id === second.item_id).qty_shipped, second.qty_ordered);
  const listed = await (await signedGet(`${api}/shipments?${query({ filter_groups: { 0: { filters: { 0: {
    field: 'order_id', value: id, condition_type: 'eq' } } } } })}`)).json();
  assert.equal(listed.total_count, 2);
  assert.deepEqual(listed.items.map((s) => String(s.entity_id)), [made.body, rest.body]);
  const none = await ship({});
  assert.equal(none.status, 400);
  assert.match(none.body.message, /The order does not allow a shipment to be created\./);

  await control(`stores/${store.id}/settings`, { denied_resources: 'Magento_Sales::ship' });
  try {
    assert.equal((await ship({})).status, 401);
  } finally {
    await control(`stores/${store.id}/settings`, { denied_resources: '' });
  }
  assert.equal((await signed('POST', `${api}/order/999999/ship`, {})).status, 404);
});

test('product saves set what is sent; the price API deletes a special price and leaves updated_at', async () => {
  const { id } = await control(`stores/${store.id}/products`, { name: 'Clay cup', price_minor: 900 });
  const search = async () => (await (await signedGet(`${api}/products?${query({ filter_groups: { 0: {
    filters: { 0: { field: 'entity_id', value: id, condition_type: 'eq' } } } } })}`)).json()).items[0];
  const before = await search();
  const all = `${store.url}/rest/all/V1/products/${encodeURIComponent(before.sku)}`;
  const special = (p) => p.custom_attributes.find((a) => a.attribute_code === 'special_price')?.value;

  // Only the fields sent change; a special price comes back as an EAV decimal.
  let res = await signed('PUT', all, { product: { sku: before.sku, price: '12.00',
    custom_attributes: [{ attribute_code: 'special_price', value: '9.5' }],
    extension_attributes: { stock_item: { qty: 7, is_in_stock: true } } } });
  assert.equal(res.status, 200);
  let saved = await res.json();
  assert.equal(saved.price, 12);
  assert.equal(special(saved), '9.500000');
  assert.equal(saved.extension_attributes.stock_item.qty, 7);
  assert.equal(saved.name, 'Clay cup');

  // A custom attribute without a value, and a property the interface lacks, are refused.
  res = await signed('PUT', all, { product: { custom_attributes: [{ attribute_code: 'special_price', value: null }] } });
  assert.equal(res.status, 400);
  assert.match((await res.json()).message, /Value is not set for attribute code/);
  res = await signed('PUT', all, { product: { colour: 'red' } });
  assert.equal(res.status, 400);
  assert.match((await res.json()).message, /does not have accessor method/);

  // special-price-delete: bad rows come back in the list, good ones go; updated_at stays.
  const updated = (await search()).updated_at;
  res = await signed('POST', `${store.url}/rest/all/V1/products/special-price-delete`, { prices: [
    { sku: before.sku, store_id: 0, price: 9.5 }, { sku: 'NO-SUCH-SKU', store_id: 0, price: 1 },
    { sku: before.sku, store_id: 1, price: 9.5 }] });
  assert.equal(res.status, 200);
  const failed = await res.json();
  assert.equal(failed.length, 2);
  assert.match(failed[0].message, /^The product that was requested doesn't exist/);
  assert.equal(failed[0].parameters.SKU, 'NO-SUCH-SKU');
  assert.match(failed[1].message, /^Could not change non global Price when price scope is global/);
  const after = await search();
  assert.equal(special(after), undefined);
  assert.equal(after.price, 12);
  assert.equal(after.updated_at, updated);

  await control(`stores/${store.id}/settings`, { denied_resources: 'Magento_Catalog::products' });
  try {
    res = await signed('PUT', all, { product: { status: 2 } });
    assert.equal(res.status, 401);
  } finally {
    await control(`stores/${store.id}/settings`, { denied_resources: '' });
  }
});

test('customer saves: the customer sent is the customer saved; addresses kept when left out', async () => {
  const { id } = await control(`stores/${store.id}/customers`,
    { first_name: 'Ada', last_name: 'Byron', email: 'ada.mage.conf@example.com' });
  const url = `${api}/customers/${id}`;
  const read = async () => (await signedGet(url)).json();
  const before = await read();
  // Only the field that changes: Magento builds the customer from the request, which has no
  // e-mail address and no names.
  let res = await signed('PUT', url, { customer: { lastname: 'King' } });
  assert.equal(res.status, 400);
  assert.match((await res.json()).message, /customer email is missing/);
  res = await signed('PUT', url, { customer: { email: before.email, lastname: 'King' } });
  assert.equal(res.status, 400);
  const required = await res.json();
  assert.equal(required.message, '"%1" is a required value.');
  assert.deepEqual(required.parameters, ['First Name']);
  // The whole customer, without addresses and updated_at: saved, addresses kept, a new version.
  const { addresses, updated_at: _, ...rest } = before;
  await new Promise((r) => setTimeout(r, 1100));
  res = await signed('PUT', url, { customer: { ...rest, lastname: 'King' } });
  assert.equal(res.status, 200);
  const saved = await res.json();
  assert.equal(saved.lastname, 'King');
  assert.deepEqual(saved.addresses, addresses);
  assert.notEqual(saved.updated_at, before.updated_at);
  // An updated_at sent back is saved as sent.
  res = await signed('PUT', url, { customer: { ...rest, lastname: 'Lovelace', updated_at: before.updated_at } });
  assert.equal((await res.json()).updated_at, before.updated_at);
  // Another customer's address is refused; an unknown id is no such entity.
  const [other] = (await (await signedGet(`${api}/customers/search?${query({ pageSize: 1 })}`)).json()).items;
  res = await signed('PUT', url, { customer: { ...rest, email: other.email.toUpperCase() } });
  assert.equal(res.status, 400);
  assert.match((await res.json()).message, /same email address already exists/);
  res = await signed('PUT', `${api}/customers/999999`, { customer: rest });
  assert.equal(res.status, 404);
});

test('new customers: createAccount, an anonymous route; the names required, the address unique', async () => {
  let res = await signed('POST', `${api}/customers`,
    { customer: { email: 'new.mage.conf@example.com', firstname: 'Ada', lastname: 'King' } });
  assert.equal(res.status, 200);
  const made = await res.json();
  assert.equal(made.email, 'new.mage.conf@example.com');
  assert.deepEqual(await (await signedGet(`${api}/customers/${made.id}`)).json(), made);
  assert.equal(made.extension_attributes.is_subscribed, false);
  // The newsletter subscription rides on the save.
  res = await signed('PUT', `${api}/customers/${made.id}`, { customer: {
    email: made.email, firstname: 'Ada', lastname: 'King', website_id: 1,
    extension_attributes: { is_subscribed: true } } });
  assert.equal((await res.json()).extension_attributes.is_subscribed, true);
  // Addresses ride on the save, as a list that replaces the stored one; Magento checks each.
  const address = { firstname: 'Ada', lastname: 'King', street: ['1 Main St'], city: 'Austin',
    region: { region_code: 'TX', region: 'Texas' }, postcode: '78701', country_id: 'US',
    default_billing: true, default_shipping: true };
  res = await signed('PUT', `${api}/customers/${made.id}`, { customer: {
    email: made.email, firstname: 'Ada', lastname: 'King', website_id: 1, addresses: [address] } });
  assert.equal(res.status, 400);
  assert.deepEqual((await res.json()).parameters, { fieldName: 'telephone' });
  res = await signed('PUT', `${api}/customers/${made.id}`, { customer: {
    email: made.email, firstname: 'Ada', lastname: 'King', website_id: 1,
    addresses: [{ ...address, telephone: '512-555-0100' }] } });
  const addressed = await res.json();
  assert.equal(addressed.addresses.length, 1);
  assert.equal(addressed.addresses[0].telephone, '512-555-0100');
  assert.equal(addressed.default_billing, String(addressed.addresses[0].id));
  res = await signed('POST', `${api}/customers`,
    { customer: { email: 'New.Mage.Conf@example.com', firstname: 'Ada', lastname: 'King' } });
  assert.equal(res.status, 400);
  assert.match((await res.json()).message, /same email address already exists/);
  res = await signed('POST', `${api}/customers`, { customer: { email: 'nameless.mage@example.com' } });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).message, '"%1" is a required value.');
  // Anonymous: no credentials at all, and it is served.
  res = await fetch(`${api}/customers`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer: { email: 'anon.mage@example.com', firstname: 'A', lastname: 'B' } }) });
  assert.equal(res.status, 200);
});
