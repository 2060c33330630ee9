// A webhook subscriber for the event-pipeline integration tests. Every delivery is verified
// with the official `standardwebhooks` library (the secret is set through /control/config),
// its envelope validated against schema/v1/event.json with ajv, and recorded; /control/log
// returns the record and /control/stats the most deliveries it held at once. It can be told
// to fail or to be slow.
//   node subscriber.mjs <port file>
import http from 'node:http';
import { readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';

const requireTool = createRequire(new URL('../tools/package.json', import.meta.url));
const { Webhook } = requireTool('standardwebhooks');
const Ajv2020 = requireTool('ajv/dist/2020').default;
const addFormats = requireTool('ajv-formats');

// The published envelope schema, as a subscriber would use it.
const schemaDir = new URL('../../schema/v1/', import.meta.url);
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
for (const name of readdirSync(schemaDir).filter((f) => f.endsWith('.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(new URL(name, schemaDir), 'utf8')));
}
const validateEnvelope = ajv.getSchema('https://cartgate.dev/schema/v1/event.json');

// A test that moves the gateway's wall clock (CARTGATE_TEST_CLOCK_FILE, gateway/util/wall_clock)
// moves this subscriber's too, so signatures are checked against the same "now" (the library
// refuses a timestamp more than five minutes off).
const clockFile = process.env.CARTGATE_TEST_CLOCK_FILE;
if (clockFile) {
  const systemNow = Date.now.bind(Date);
  Date.now = () => {
    let seconds = 0;
    try {
      seconds = parseInt(readFileSync(clockFile, 'utf8').trim(), 10) || 0;
    } catch {}
    return systemNow() + seconds * 1000;
  };
}

const portFile = process.argv[2];
let verifier = null;
let failStatus = 0;      // answer this status instead of 204 (0: succeed)
let failFirst = 0;       // fail only the first N deliveries of each webhook-id
let delayMs = 0;
const log = [];
let inFlight = 0;     // deliveries received and not yet answered
let maxInFlight = 0;
const attemptsById = new Map();

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    if (req.url === '/control/config' && req.method === 'POST') {
      const c = JSON.parse(raw || '{}');
      if (c.secret !== undefined) verifier = new Webhook(c.secret);
      if (c.fail_status !== undefined) failStatus = c.fail_status;
      if (c.fail_first !== undefined) failFirst = c.fail_first;
      if (c.delay_ms !== undefined) delayMs = c.delay_ms;
      return json(res, 200, { ok: true });
    }
    if (req.url === '/control/log' && req.method === 'GET') return json(res, 200, log);
    if (req.url === '/control/stats' && req.method === 'GET') {
      return json(res, 200, { in_flight: inFlight, max_in_flight: maxInFlight });
    }
    const id = req.headers['webhook-id'];
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    let verified = false;
    let error = null;
    let payload = null;
    try {
      if (!verifier) throw new Error('no secret configured');
      payload = verifier.verify(raw, {
        'webhook-id': id,
        'webhook-timestamp': req.headers['webhook-timestamp'],
        'webhook-signature': req.headers['webhook-signature'],
      });
      verified = true;
    } catch (e) {
      error = String(e && e.message ? e.message : e);
      try { payload = JSON.parse(raw); } catch { payload = null; }
    }
    const attempt = (attemptsById.get(id) ?? 0) + 1;
    attemptsById.set(id, attempt);
    let status = 204;
    if (failStatus && (failFirst === 0 || attempt <= failFirst)) status = failStatus;
    const schemaValid = payload !== null && validateEnvelope(payload);
    const entry = {
      webhook_id: id, verified, error, status, attempt, at_ms: Date.now(),
      schema_valid: schemaValid,
      schema_errors: schemaValid ? null : ajv.errorsText(validateEnvelope.errors),
      type: payload?.type ?? null, event_id: payload?.id ?? null,
      store_id: payload?.store_id ?? null, source: payload?.source ?? null,
      entity_id: payload?.data?.id ?? null, updated_at: payload?.data?.updated_at ?? null,
      received_at: payload?.received_at ?? null, identity: payload?.identity ?? null,
      envelope: payload,
    };
    setTimeout(() => {
      inFlight--;
      log.push(entry);
      res.writeHead(status);
      res.end();
    }, delayMs);
  });
});

server.listen(0, '127.0.0.1', () => {
  writeFileSync(portFile + '.tmp', String(server.address().port));
  renameSync(portFile + '.tmp', portFile);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
