// Shared by the conformance tests: the running sandbox (from its manifest) and the official
// client libraries, loaded from tests/tools/node_modules.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';

export const requireTool = createRequire(new URL('../tools/package.json', import.meta.url));

const manifestPath = process.env.SANDBOX_MANIFEST;
if (!manifestPath) throw new Error('SANDBOX_MANIFEST is not set (run through tests/conformance/run.sh)');
export const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
export const certificate = readFileSync(manifest.tls_certificate);

/** An https.Agent that trusts the sandbox's self-signed certificate (and nothing else). */
export const trustingAgent = () => new https.Agent({ ca: certificate, keepAlive: false });

export function stores(platform) {
  const list = manifest.stores.filter((s) => s.platform === platform);
  if (list.length === 0) throw new Error(`the sandbox runs no ${platform} store`);
  return list;
}

/** POSTs to the sandbox control API. */
export async function control(path, body = {}) {
  const res = await fetch(`${manifest.control}/control/${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function controlGet(path) {
  const res = await fetch(`${manifest.control}/control/${path}`);
  if (!res.ok) throw new Error(`control ${path}: ${res.status}`);
  return res.json();
}

/**
 * An https.Agent for clients that always call the real host on port 443 (node-bigcommerce
 * calls https://api.bigcommerce.com): connects to the sandbox's HTTPS port instead, keeping the
 * host name for SNI and certificate checks, and trusting only the sandbox's certificate.
 */
export function redirectingAgent(hostname) {
  const port = Number(new URL(manifest.https).port);
  const agent = new https.Agent({ ca: certificate, keepAlive: false });
  agent.createConnection = (options, callback) =>
    tls.connect({ ...options, host: '127.0.0.1', port, servername: hostname, ca: certificate }, callback);
  return agent;
}

/**
 * A fetch for clients that build https://<host>/... URLs themselves (the Shopify clients):
 * sends the request to the sandbox's HTTPS port with Host and SNI unchanged.
 */
export function sandboxFetch(url, init = {}) {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = https.request({
      method: init.method ?? 'GET', path: target.pathname + target.search,
      host: target.hostname, headers: Object.fromEntries(new Headers(init.headers ?? {})),
      agent: redirectingAgent(target.hostname) }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(new Response(Buffer.concat(chunks), {
        status: res.statusCode, headers: Object.entries(res.headers).map(([k, v]) => [k, String(v)]) })));
    });
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}
