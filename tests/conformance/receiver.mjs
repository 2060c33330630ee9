// A local webhook receiver for the conformance tests: records every request with its raw body.
import http from 'node:http';

export async function startReceiver({ status = 200 } = {}) {
  const received = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, raw: Buffer.concat(chunks) });
      res.writeHead(typeof status === 'function' ? status(received.length) : status);
      res.end();
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/hooks`;
  /** Waits until `count` requests arrived (or fails after `ms`). */
  const waitFor = async (count, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} deliveries, got ${received.length}`);
      await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 50); });
    }
    return received;
  };
  return { url, received, waitFor, close: () => new Promise((r) => server.close(r)) };
}
