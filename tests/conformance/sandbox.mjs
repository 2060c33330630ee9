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
