// Shopify emulation, checked with Shopify's own GraphQL Admin client (@shopify/admin-api-client):
// cursor pagination, search syntax, calculated query cost and throttling, GraphQL errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, requireTool, sandboxFetch, stores } from './sandbox.mjs';

const { createAdminApiClient } = requireTool('@shopify/admin-api-client');
const [store] = stores('shopify');
const client = (accessToken = store.credentials.access_token) => createAdminApiClient({
  storeDomain: `${store.id}.myshopify.com`, apiVersion: '2026-07', accessToken,
  customFetchApi: sandboxFetch });

const ORDERS = `query Orders($after: String, $query: String, $sortKey: OrderSortKeys) {
  orders(first: 50, after: $after, query: $query, sortKey: $sortKey) {
    edges { cursor node { id legacyResourceId name email updatedAt createdAt displayFinancialStatus
      totalPriceSet { shopMoney { amount currencyCode } }
      lineItems(first: 5) { nodes { title quantity sku } } } }
    pageInfo { hasNextPage endCursor } } }`;

const LIGHT = `query Orders($after: String, $query: String, $sortKey: OrderSortKeys) {
  orders(first: 50, after: $after, query: $query, sortKey: $sortKey) {
    edges { node { id updatedAt displayFinancialStatus } } pageInfo { hasNextPage endCursor } } }`;

// A request that waits out THROTTLED answers the way an integration should: until the bucket
// has restored the points the query asks for.
async function request(api, query, options) {
  for (;;) {
    const res = await api.request(query, options);
    const throttled = res.errors?.graphQLErrors?.some((e) => e.extensions?.code === 'THROTTLED');
    if (!throttled) return res;
    const { requestedQueryCost, throttleStatus } = res.extensions.cost;
    const wait = (requestedQueryCost - throttleStatus.currentlyAvailable) / throttleStatus.restoreRate;
    await new Promise((r) => setTimeout(r, Math.max(50, wait * 1000)));
  }
}

async function allOrders(variables = {}, query = LIGHT) {
  const api = client();
  const nodes = [];
  let after = null;
  for (;;) {
    const { data, errors, extensions } = await request(api, query, { variables: { ...variables, after } });
    assert.equal(errors, undefined, JSON.stringify(errors));
    assert.ok(extensions.cost.requestedQueryCost > 0);
    nodes.push(...data.orders.edges.map((e) => e.node));
    if (!data.orders.pageInfo.hasNextPage) return nodes;
    after = data.orders.pageInfo.endCursor;
  }
}

test('cursor pagination visits every order once, with GraphQL shapes', async () => {
  const nodes = await allOrders({ sortKey: 'UPDATED_AT' }, ORDERS);
  assert.equal(nodes.length, store.counts.orders);
  assert.equal(new Set(nodes.map((n) => n.id)).size, nodes.length);
  const o = nodes[0];
  assert.match(o.id, /^gid:\/\/shopify\/Order\/\d+$/);
  assert.equal(o.id.split('/').pop(), o.legacyResourceId);
  assert.match(o.name, /^#\d+$/);
  assert.match(o.updatedAt, /Z$/);
  assert.match(o.totalPriceSet.shopMoney.amount, /^\d+\.\d+$/);
  assert.equal(o.totalPriceSet.shopMoney.currencyCode, store.currency);
  assert.ok(nodes.every((n, i) => i === 0 || n.updatedAt >= nodes[i - 1].updatedAt), 'sorted by UPDATED_AT');
});

test('search syntax: quoted date-times compare in full, unquoted ones by date only', async () => {
  const all = await allOrders({ sortKey: 'UPDATED_AT' });
  const pivot = all[Math.floor(all.length / 2)].updatedAt;
  const quoted = await allOrders({ query: `updated_at:>'${pivot}'` });
  assert.deepEqual(new Set(quoted.map((n) => n.id)), new Set(all.filter((n) => n.updatedAt > pivot).map((n) => n.id)));
  const unquoted = await allOrders({ query: `updated_at:>${pivot}` });
  const day = pivot.slice(0, 10);
  assert.deepEqual(new Set(unquoted.map((n) => n.id)),
    new Set(all.filter((n) => n.updatedAt.slice(0, 10) > day).map((n) => n.id)));
  const paid = await allOrders({ query: 'financial_status:paid' });
  assert.ok(paid.length > 0 && paid.every((n) => n.displayFinancialStatus === 'PAID'));
});

test('single objects, customers, products and abandoned checkouts', async () => {
  const api = client();
  const { data } = await request(api, `{
    customers(first: 3, sortKey: UPDATED_AT) { nodes { id email firstName updatedAt defaultAddress { countryCodeV2 } } }
    products(first: 2, query: "status:active") { nodes { id title status variants(first: 3) { nodes { sku price } } } }
    abandonedCheckouts(first: 10) { nodes { id abandonedCheckoutUrl completedAt lineItems(first: 5) { nodes { title quantity } } } }
    shop { myshopifyDomain currencyCode } }`);
  assert.equal(data.customers.nodes.length, 3);
  assert.ok(data.products.nodes.every((p) => p.status === 'ACTIVE'));
  assert.match(data.products.nodes[0].variants.nodes[0].price, /^\d+\.\d+$/);
  assert.equal(data.shop.myshopifyDomain, `${store.id}.myshopify.com`);
  const [first] = await allOrders();
  const one = await request(api, 'query One($id: ID!) { order(id: $id) { id name } }', { variables: { id: first.id } });
  assert.equal(one.data.order.id, first.id);
  const none = await request(api, 'query One($id: ID!) { order(id: $id) { id } }', { variables: { id: 'gid://shopify/Order/1' } });
  assert.equal(none.data.order, null);
});

test('GraphQL errors: unknown fields, missing pagination, syntax, bad token', async () => {
  const api = client();
  const unknown = await api.request('{ orders(first: 1) { nodes { id nope } } }');
  assert.equal(unknown.data, undefined);
  assert.equal(unknown.errors.graphQLErrors[0].extensions.code, 'undefinedField');
  const noFirst = await api.request('{ orders { nodes { id } } }');
  assert.match(noFirst.errors.graphQLErrors[0].message, /first or last/);
  const syntax = await api.request('{ orders(first: 1) { nodes { id } }');
  assert.ok(syntax.errors.graphQLErrors.length > 0);
  const denied = await client('shpat_wrong').request('{ shop { name } }');
  assert.equal(denied.errors.networkStatusCode, 401);
});

test('calculated query cost: extensions.cost, MAX_COST_EXCEEDED, THROTTLED as 200 or 429', async () => {
  const api = client();
  const big = await api.request('{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }');
  assert.equal(big.errors.graphQLErrors[0].extensions.code, 'MAX_COST_EXCEEDED');

  try {
    await control(`stores/${store.id}/settings`, { bucket_size: '60', restore_rate: '1' });
    const query = '{ orders(first: 10) { nodes { id lineItems(first: 1) { nodes { id } } } } }';
    const first = await api.request(query);
    const cost = first.extensions.cost;
    assert.equal(cost.throttleStatus.maximumAvailable, 60);
    assert.equal(cost.throttleStatus.restoreRate, 1);
    assert.ok(cost.actualQueryCost <= cost.requestedQueryCost);
    const second = await api.request(query);
    assert.equal(second.errors.graphQLErrors[0].extensions.code, 'THROTTLED');
    assert.equal(second.extensions.cost.actualQueryCost, null);

    await control(`stores/${store.id}/settings`, { throttle_status: '429' });
    const limited = await api.request(query);
    assert.equal(limited.errors.networkStatusCode, 429);
  } finally {
    await control(`stores/${store.id}/settings`, { bucket_size: '2000', restore_rate: '100', throttle_status: '200' });
  }
});

test('order writes: orderUpdate sets the note, orderCancel answers with a job; write_orders needed', async () => {
  const api = client();
  const { platform_id: id } = await control(`stores/${store.id}/orders`, { status: 'processing' });
  const gid = `gid://shopify/Order/${id}`;
  const UPDATE = `mutation($input: OrderInput!) {
    orderUpdate(input: $input) { order { id note } userErrors { field message } } }`;
  const CANCEL = `mutation($id: ID!) { orderCancel(orderId: $id, reason: OTHER, refund: false,
    restock: false, notifyCustomer: false) { job { id done } orderCancelUserErrors { field message code } } }`;

  // Without the scope: ACCESS_DENIED, the field null, nothing changed.
  const denied = await api.request(UPDATE, { variables: { input: { id: gid, note: 'x' } } });
  assert.equal(denied.data.orderUpdate, null);
  assert.equal(denied.errors.graphQLErrors[0].extensions.code, 'ACCESS_DENIED');
  assert.match(denied.errors.graphQLErrors[0].message, /write_orders/);

  await control(`stores/${store.id}/settings`,
    { access_scopes: 'read_orders,read_all_orders,write_orders,read_customers,read_products' });
  try {
    // A selection the payload lacks fails validation before the mutation runs: nothing changes.
    const invalid = await api.request(`mutation($input: OrderInput!) {
      orderUpdate(input: $input) { order { id colour } userErrors { field message } } }`,
    { variables: { input: { id: gid, note: 'never' } } });
    assert.equal(invalid.errors.graphQLErrors[0].extensions.code, 'undefinedField');
    const unchanged = await api.request('query($id: ID!) { order(id: $id) { note } }',
      { variables: { id: gid } });
    assert.notEqual(unchanged.data.order.note, 'never');
    const updated = await api.request(UPDATE, { variables: { input: { id: gid, note: 'Gift wrap' } } });
    assert.deepEqual(updated.data.orderUpdate, { order: { id: gid, note: 'Gift wrap' }, userErrors: [] });
    const missing = await api.request(UPDATE,
      { variables: { input: { id: 'gid://shopify/Order/1', note: 'x' } } });
    assert.equal(missing.data.orderUpdate.userErrors[0].message, 'Order does not exist');

    const cancelled = await api.request(CANCEL, { variables: { id: gid } });
    assert.deepEqual(cancelled.data.orderCancel.orderCancelUserErrors, []);
    const { job } = cancelled.data.orderCancel;
    assert.equal(job.done, false);
    const checked = await api.request('query($id: ID!) { job(id: $id) { id done } }',
      { variables: { id: job.id } });
    assert.deepEqual(checked.data.job, { id: job.id, done: true });
    const order = await api.request('query($id: ID!) { order(id: $id) { cancelledAt note } }',
      { variables: { id: gid } });
    assert.ok(order.data.order.cancelledAt);
    const twice = await api.request(CANCEL, { variables: { id: gid } });
    assert.equal(twice.data.orderCancel.job, null);
    assert.equal(twice.data.orderCancel.orderCancelUserErrors[0].code, 'INVALID');
  } finally {
    await control(`stores/${store.id}/settings`,
      { access_scopes: 'read_orders,read_all_orders,read_customers,read_products' });
  }
});

test('fulfillments: fulfillment orders say what is left; fulfillmentCreate ships some, then the rest', async () => {
  const api = client();
  const { platform_id: id } = await control(`stores/${store.id}/orders`, { status: 'processing', lines: 2 });
  const gid = `gid://shopify/Order/${id}`;
  const LOOK = `query($id: ID!) { order(id: $id) { displayFulfillmentStatus
    fulfillmentOrders(first: 3) { nodes { id status lineItems(first: 50) {
      nodes { id totalQuantity remainingQuantity lineItem { id } } } } }
    fulfillments(first: 10) { id trackingInfo(first: 1) { number company url }
      fulfillmentLineItems(first: 10) { nodes { quantity lineItem { id } } } } } }`;
  const CREATE = `mutation($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status trackingInfo(first: 1) { number company url } }
    userErrors { field message } } }`;

  // A Plus store's bucket, so that the earlier tests' spending costs no waiting here.
  await control(`stores/${store.id}/settings`, { bucket_size: '20000', restore_rate: '1000' });
  // Reading fulfillment orders needs a fulfillment order scope: the field alone is withheld.
  const hidden = await request(api, LOOK, { variables: { id: gid } });
  assert.equal(hidden.data.order.fulfillmentOrders, null);
  assert.equal(hidden.errors.graphQLErrors[0].extensions.code, 'ACCESS_DENIED');
  assert.match(hidden.errors.graphQLErrors[0].message, /read_merchant_managed_fulfillment_orders/);

  await control(`stores/${store.id}/settings`, { access_scopes:
    'read_orders,read_all_orders,read_customers,read_products,read_merchant_managed_fulfillment_orders' });
  try {
    let look = (await request(api, LOOK, { variables: { id: gid } })).data.order;
    const [fo] = look.fulfillmentOrders.nodes;
    assert.equal(fo.status, 'OPEN');
    const [first, second] = fo.lineItems.nodes;
    assert.equal(first.remainingQuantity, first.totalQuantity);
    const ship = (fulfillment) => request(api, CREATE, { variables: { fulfillment } });

    const denied = await ship({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] });
    assert.equal(denied.data.fulfillmentCreate, null);
    assert.match(denied.errors.graphQLErrors[0].message, /write_merchant_managed_fulfillment_orders/);

    await control(`stores/${store.id}/settings`, { access_scopes:
      'read_orders,read_all_orders,read_customers,read_products,write_merchant_managed_fulfillment_orders' });
    const tooMany = await ship({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id,
      fulfillmentOrderLineItems: [{ id: first.id, quantity: first.totalQuantity + 1 }] }] });
    assert.deepEqual(tooMany.data.fulfillmentCreate, { fulfillment: null, userErrors: [
      { field: ['fulfillment'], message: 'Invalid fulfillment order line item quantity requested.' }] });

    const made = await ship({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id,
      fulfillmentOrderLineItems: [{ id: first.id, quantity: first.totalQuantity }] }],
    trackingInfo: { number: '1Z999AA1', company: 'UPS', url: 'https://www.ups.com/track?tracknum=1Z999AA1' },
    notifyCustomer: true });
    assert.deepEqual(made.data.fulfillmentCreate.userErrors, []);
    assert.equal(made.data.fulfillmentCreate.fulfillment.status, 'SUCCESS');
    assert.deepEqual(made.data.fulfillmentCreate.fulfillment.trackingInfo,
      [{ number: '1Z999AA1', company: 'UPS', url: 'https://www.ups.com/track?tracknum=1Z999AA1' }]);
    look = (await request(api, LOOK, { variables: { id: gid } })).data.order;
    assert.equal(look.displayFulfillmentStatus, 'PARTIALLY_FULFILLED');
    assert.equal(look.fulfillmentOrders.nodes[0].status, 'IN_PROGRESS');
    assert.equal(look.fulfillmentOrders.nodes[0].lineItems.nodes[0].remainingQuantity, 0);
    assert.deepEqual(look.fulfillments[0].fulfillmentLineItems.nodes,
      [{ quantity: first.totalQuantity, lineItem: first.lineItem }]);

    // No line items: everything the fulfillment order has left.
    const rest = await ship({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] });
    assert.deepEqual(rest.data.fulfillmentCreate.userErrors, []);
    look = (await request(api, LOOK, { variables: { id: gid } })).data.order;
    assert.equal(look.displayFulfillmentStatus, 'FULFILLED');
    assert.equal(look.fulfillmentOrders.nodes[0].status, 'CLOSED');
    assert.equal(look.fulfillments.length, 2);
    assert.equal(look.fulfillments[1].fulfillmentLineItems.nodes[0].lineItem.id, second.lineItem.id);
    const closed = await ship({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] });
    assert.match(closed.data.fulfillmentCreate.userErrors[0].message, /unfulfillable status= closed/);
  } finally {
    await control(`stores/${store.id}/settings`, { bucket_size: '2000', restore_rate: '100',
      access_scopes: 'read_orders,read_all_orders,read_customers,read_products' });
  }
});

test('product writes: productUpdate, productVariantsBulkUpdate and inventorySetQuantities; write_products and write_inventory needed', async () => {
  const api = client();
  const { platform_id: id } = await control(`stores/${store.id}/products`, { name: 'Clay cup', price_minor: 900 });
  const gid = `gid://shopify/Product/${id}`;
  const LOOK = `query($id: ID!) { location { id } product(id: $id) { status variants(first: 2) {
    nodes { id price compareAtPrice inventoryQuantity inventoryItem { id tracked
      inventoryLevels(first: 2) { nodes { location { id } } } } } } } }`;
  const STATUS = `mutation($product: ProductUpdateInput!) {
    productUpdate(product: $product) { product { id status } userErrors { field message } } }`;
  const PRICES = `mutation($id: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $id, variants: $variants) {
      productVariants { id price compareAtPrice } userErrors { field message code } } }`;
  const STOCK = `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } }
    userErrors { field message code } } }`;

  await control(`stores/${store.id}/settings`, { bucket_size: '20000', restore_rate: '1000' });
  const look = (await request(api, LOOK, { variables: { id: gid } })).data;
  const [variant] = look.product.variants.nodes;
  assert.equal(look.product.variants.nodes.length, 1);
  assert.deepEqual(variant.inventoryItem.inventoryLevels.nodes, [{ location: look.location }]);

  const denied = await api.request(STATUS, { variables: { product: { id: gid, status: 'DRAFT' } } });
  assert.equal(denied.data.productUpdate, null);
  assert.match(denied.errors.graphQLErrors[0].message, /write_products/);

  await control(`stores/${store.id}/settings`,
    { access_scopes: 'read_orders,read_all_orders,read_customers,read_products,write_products' });
  try {
    const drafted = await api.request(STATUS, { variables: { product: { id: gid, status: 'DRAFT' } } });
    assert.deepEqual(drafted.data.productUpdate, { product: { id: gid, status: 'DRAFT' }, userErrors: [] });
    const missing = await api.request(STATUS,
      { variables: { product: { id: 'gid://shopify/Product/1', status: 'DRAFT' } } });
    assert.equal(missing.data.productUpdate.userErrors[0].message, 'Product does not exist');

    const priced = await api.request(PRICES,
      { variables: { id: gid, variants: [{ id: variant.id, price: '7.50', compareAtPrice: '9.00' }] } });
    assert.deepEqual(priced.data.productVariantsBulkUpdate,
      { productVariants: [{ id: variant.id, price: '7.5', compareAtPrice: '9.0' }], userErrors: [] });
    const negative = await api.request(PRICES, { variables: { id: gid, variants: [{ id: variant.id, price: '-1' }] } });
    assert.equal(negative.data.productVariantsBulkUpdate.userErrors[0].code, 'GREATER_THAN_OR_EQUAL_TO');
    const quantities = await api.request(PRICES, { variables: { id: gid,
      variants: [{ id: variant.id, inventoryQuantities: [{ availableQuantity: 1, locationId: look.location.id }] }] } });
    assert.equal(quantities.data.productVariantsBulkUpdate.userErrors[0].code,
      'NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE');

    const input = (quantity, extra = {}) => ({ name: 'available', reason: 'correction', quantities: [
      { inventoryItemId: variant.inventoryItem.id, locationId: look.location.id, quantity, ...extra }] });
    const noScope = await api.request(STOCK, { variables: { input: input(5) } });
    assert.match(noScope.errors.graphQLErrors[0].message, /write_inventory/);
    await control(`stores/${store.id}/settings`, { access_scopes:
      'read_orders,read_all_orders,read_customers,read_products,write_products,write_inventory' });
    const unchecked = await api.request(STOCK, { variables: { input: input(5) } });
    assert.equal(unchecked.data.inventorySetQuantities.userErrors[0].code, 'COMPARE_QUANTITY_REQUIRED');
    const stale = await api.request(STOCK, { variables: { input: input(5, { compareQuantity: 99 }) } });
    assert.equal(stale.data.inventorySetQuantities.userErrors[0].code, 'COMPARE_QUANTITY_STALE');
    const set = await api.request(STOCK,
      { variables: { input: input(5, { compareQuantity: variant.inventoryQuantity }) } });
    assert.deepEqual(set.data.inventorySetQuantities, { inventoryAdjustmentGroup: { reason: 'correction',
      changes: [{ name: 'available', delta: 5 - variant.inventoryQuantity, quantityAfterChange: 5 }] },
    userErrors: [] });
    const after = (await request(api, LOOK, { variables: { id: gid } })).data.product;
    assert.equal(after.status, 'DRAFT');
    assert.equal(after.variants.nodes[0].inventoryQuantity, 5);
    assert.equal(after.variants.nodes[0].compareAtPrice, '9.0');
  } finally {
    await control(`stores/${store.id}/settings`,
      { access_scopes: 'read_orders,read_all_orders,read_customers,read_products' });
  }
});

test('customer writes: customerUpdate sets names, address and an E.164 phone; write_customers needed', async () => {
  const api = client();
  const READ = `query { customers(first: 2) { nodes { id email phone } } }`;
  const UPDATE = `mutation($input: CustomerInput!) { customerUpdate(input: $input) {
    customer { id firstName lastName email phone } userErrors { field message } } }`;
  const [first, second] = (await request(api, READ)).data.customers.nodes;
  const denied = await api.request(UPDATE, { variables: { input: { id: first.id, firstName: 'Ada' } } });
  assert.equal(denied.data.customerUpdate, null);
  assert.match(denied.errors.graphQLErrors[0].message, /write_customers/);

  await control(`stores/${store.id}/settings`,
    { access_scopes: 'read_orders,read_all_orders,read_customers,read_products,write_customers' });
  try {
    const updated = await api.request(UPDATE, { variables: { input: {
      id: first.id, firstName: 'Augusta', lastName: 'King', email: 'augusta.shop@example.com',
      phone: '+44 20 7946 0958' } } });
    assert.deepEqual(updated.data.customerUpdate, { customer: { id: first.id, firstName: 'Augusta',
      lastName: 'King', email: 'augusta.shop@example.com', phone: '+442079460958' }, userErrors: [] });
    const refusal = async (input, field, message) => {
      const r = await api.request(UPDATE, { variables: { input: { id: first.id, ...input } } });
      assert.equal(r.data.customerUpdate.customer, null);
      assert.deepEqual(r.data.customerUpdate.userErrors, [{ field, message }]);
    };
    await refusal({ email: second.email.toUpperCase() }, ['email'], 'Email has already been taken');
    await refusal({ email: 'not-an-address' }, ['email'], 'Email is invalid');
    await refusal({ phone: '020 7946 0958' }, ['phone'], 'Phone is invalid');
    const missing = await api.request(UPDATE,
      { variables: { input: { id: 'gid://shopify/Customer/1', firstName: 'Nobody' } } });
    assert.deepEqual(missing.data.customerUpdate.userErrors, [{ field: ['id'], message: 'Customer does not exist' }]);
    const undefinedField = await api.request(UPDATE, { variables: { input: { id: first.id, nickname: 'Ada' } } });
    assert.match(undefinedField.errors.graphQLErrors[0].message, /not defined on CustomerInput/);
    // null removes the phone.
    const cleared = await api.request(UPDATE, { variables: { input: { id: first.id, phone: null } } });
    assert.equal(cleared.data.customerUpdate.customer.lastName, 'King');
    assert.ok(!cleared.data.customerUpdate.customer.phone);
    // customerCreate: the same checks; a new customer.
    const CREATE = `mutation($input: CustomerInput!) { customerCreate(input: $input) {
      customer { id email firstName phone createdAt } userErrors { field message } } }`;
    const made = await api.request(CREATE, { variables: { input: {
      email: 'new.shop.conf@example.com', firstName: 'Ada', phone: '+44 20 7946 0001' } } });
    assert.deepEqual(made.data.customerCreate.userErrors, []);
    assert.equal(made.data.customerCreate.customer.phone, '+442079460001');
    const again = await api.request(CREATE, { variables: { input: { email: 'NEW.shop.conf@example.com' } } });
    assert.deepEqual(again.data.customerCreate.userErrors,
      [{ field: ['email'], message: 'Email has already been taken' }]);
    const empty = await api.request(CREATE, { variables: { input: {} } });
    assert.equal(empty.data.customerCreate.customer, null);
    // Consent: taken by customerCreate, refused by customerUpdate, set by its own mutation.
    const CONSENT = `mutation($input: CustomerEmailMarketingConsentUpdateInput!) {
      customerEmailMarketingConsentUpdate(input: $input) {
        customer { id emailMarketingConsent { marketingState } } userErrors { field message code } } }`;
    const consenting = await api.request(CREATE, { variables: { input: {
      email: 'consent.shop.conf@example.com',
      emailMarketingConsent: { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN' } } } });
    const customerId = consenting.data.customerCreate.customer.id;
    const viaUpdate = await api.request(UPDATE, { variables: { input: { id: customerId,
      emailMarketingConsent: { marketingState: 'UNSUBSCRIBED' } } } });
    assert.deepEqual(viaUpdate.data.customerUpdate.userErrors[0].field, ['emailMarketingConsent']);
    const withdrawn = await api.request(CONSENT, { variables: { input: { customerId,
      emailMarketingConsent: { marketingState: 'UNSUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN' } } } });
    assert.deepEqual(withdrawn.data.customerEmailMarketingConsentUpdate.userErrors, []);
    assert.equal(withdrawn.data.customerEmailMarketingConsentUpdate.customer.emailMarketingConsent.marketingState,
      'UNSUBSCRIBED');
    const notAllowed = await api.request(CONSENT, { variables: { input: { customerId,
      emailMarketingConsent: { marketingState: 'NOT_SUBSCRIBED' } } } });
    assert.equal(notAllowed.data.customerEmailMarketingConsentUpdate.userErrors[0].code, 'INCLUSION');
    // Addresses: customerAddressCreate as the default, then customerAddressUpdate of it.
    const ADDRESS_CREATE = `mutation($customerId: ID!, $address: MailingAddressInput!) {
      customerAddressCreate(customerId: $customerId, address: $address, setAsDefault: true) {
        address { id address1 countryCodeV2 } userErrors { field message } } }`;
    const ADDRESS_UPDATE = `mutation($customerId: ID!, $addressId: ID!, $address: MailingAddressInput!) {
      customerAddressUpdate(customerId: $customerId, addressId: $addressId, address: $address, setAsDefault: true) {
        address { id address1 } userErrors { field message } } }`;
    const created = await api.request(ADDRESS_CREATE, { variables: { customerId,
      address: { address1: '1 Main St', city: 'Austin', provinceCode: 'TX', zip: '78701', countryCode: 'US' } } });
    assert.deepEqual(created.data.customerAddressCreate.userErrors, []);
    const addressId = created.data.customerAddressCreate.address.id;
    const updatedAddress = await api.request(ADDRESS_UPDATE, { variables: { customerId, addressId,
      address: { address1: '2 High St', countryCode: 'US' } } });
    assert.equal(updatedAddress.data.customerAddressUpdate.address.address1, '2 High St');
    const badCountry = await api.request(ADDRESS_UPDATE, { variables: { customerId, addressId,
      address: { address1: '2 High St', countryCode: 'XYZ' } } });
    assert.equal(badCountry.data.customerAddressUpdate.address, null);
    assert.deepEqual(badCountry.data.customerAddressUpdate.userErrors[0].field, ['address', 'countryCode']);
  } finally {
    await control(`stores/${store.id}/settings`,
      { access_scopes: 'read_orders,read_all_orders,read_customers,read_products' });
  }
});

test('productVariant: a variant with its product, or null', async () => {
  const api = client();
  const { platform_id: id } = await control(`stores/${store.id}/products`,
    { name: 'Clay bowl', price_minor: 1200, variants: 2 });
  const LIST = `query($id: ID!) { product(id: $id) { variants(first: 5) { nodes { id } } } }`;
  const { data: { product } } = await request(api, LIST, { variables: { id: `gid://shopify/Product/${id}` } });
  assert.equal(product.variants.nodes.length, 2);
  const VARIANT = `query($id: ID!) { productVariant(id: $id) { id price compareAtPrice
    product { id } inventoryItem { id tracked } } }`;
  const { data: { productVariant } } = await request(api, VARIANT,
    { variables: { id: product.variants.nodes[1].id } });
  assert.equal(productVariant.id, product.variants.nodes[1].id);
  assert.equal(productVariant.product.id, `gid://shopify/Product/${id}`);
  assert.equal(productVariant.price, '12.0');
  assert.equal(productVariant.compareAtPrice, null);
  assert.match(productVariant.inventoryItem.id, /^gid:\/\/shopify\/InventoryItem\//);
  const missing = await request(api, VARIANT, { variables: { id: 'gid://shopify/ProductVariant/1' } });
  assert.equal(missing.data.productVariant, null);
});

test('fulfillment holds: fulfillmentOrderHold with a handle, fulfillmentOrderReleaseHold of the holds named', async () => {
  const api = client();
  const { platform_id: id } = await control(`stores/${store.id}/orders`, { status: 'processing' });
  const gid = `gid://shopify/Order/${id}`;
  const LOOK = `query($id: ID!) { order(id: $id) { displayFulfillmentStatus
    fulfillmentOrders(first: 3) { nodes { id status fulfillmentHolds { id handle heldByRequestingApp } } } } }`;
  const HOLD = `mutation($id: ID!, $hold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
      fulfillmentHold { id handle } fulfillmentOrder { status } userErrors { field message code } } }`;
  const RELEASE = `mutation($id: ID!, $holds: [ID!]) { fulfillmentOrderReleaseHold(id: $id, holdIds: $holds) {
    fulfillmentOrder { status } userErrors { field message code } } }`;

  await control(`stores/${store.id}/settings`, { bucket_size: '20000', restore_rate: '1000', access_scopes:
    'read_orders,read_all_orders,read_customers,read_products,read_merchant_managed_fulfillment_orders' });
  try {
    const [fo] = (await request(api, LOOK, { variables: { id: gid } })).data.order.fulfillmentOrders.nodes;
    assert.equal(fo.status, 'OPEN');
    const denied = await api.request(HOLD, { variables: { id: fo.id, hold: { reason: 'OTHER' } } });
    assert.equal(denied.data.fulfillmentOrderHold, null);
    assert.match(denied.errors.graphQLErrors[0].message, /write_merchant_managed_fulfillment_orders/);

    await control(`stores/${store.id}/settings`, { access_scopes:
      'read_orders,read_all_orders,read_customers,read_products,write_merchant_managed_fulfillment_orders' });
    const held = await api.request(HOLD, { variables: { id: fo.id, hold: { reason: 'OTHER', handle: 'review' } } });
    assert.deepEqual(held.data.fulfillmentOrderHold.userErrors, []);
    assert.equal(held.data.fulfillmentOrderHold.fulfillmentOrder.status, 'ON_HOLD');
    const twice = await api.request(HOLD, { variables: { id: fo.id, hold: { reason: 'OTHER', handle: 'review' } } });
    assert.equal(twice.data.fulfillmentOrderHold.userErrors[0].code, 'DUPLICATE_FULFILLMENT_HOLD_HANDLE');
    const second = await api.request(HOLD, { variables: { id: fo.id, hold: { reason: 'OTHER', handle: 'fraud' } } });
    assert.deepEqual(second.data.fulfillmentOrderHold.userErrors, []);
    let look = (await request(api, LOOK, { variables: { id: gid } })).data.order;
    assert.equal(look.displayFulfillmentStatus, 'ON_HOLD');
    assert.deepEqual(look.fulfillmentOrders.nodes[0].fulfillmentHolds.map((h) => h.handle), ['review', 'fraud']);

    // Released one by one: on hold until the last goes.
    const ids = look.fulfillmentOrders.nodes[0].fulfillmentHolds.map((h) => h.id);
    const first = await api.request(RELEASE, { variables: { id: fo.id, holds: [ids[0]] } });
    assert.equal(first.data.fulfillmentOrderReleaseHold.fulfillmentOrder.status, 'ON_HOLD');
    const last = await api.request(RELEASE, { variables: { id: fo.id, holds: [ids[1]] } });
    assert.equal(last.data.fulfillmentOrderReleaseHold.fulfillmentOrder.status, 'OPEN');
    const missing = await api.request(RELEASE, { variables: { id: 'gid://shopify/FulfillmentOrder/1' } });
    assert.equal(missing.data.fulfillmentOrderReleaseHold.userErrors[0].code, 'FULFILLMENT_ORDER_NOT_FOUND');
  } finally {
    await control(`stores/${store.id}/settings`,
      { access_scopes: 'read_orders,read_all_orders,read_customers,read_products' });
  }
});
