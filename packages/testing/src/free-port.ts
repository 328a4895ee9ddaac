import { createServer } from 'node:net';

// Ports are drawn below Linux's ephemeral range (32768-60999 by default): a port the kernel hands to
// outgoing connections (Kafka, Postgres and Redis clients of every test running beside this one) can be
// taken between the check and the listen, which a loaded machine turned into EADDRINUSE at start-up.
const LOW = 20000;
const HIGH = 32000;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` consecutive TCP ports free on 127.0.0.1 right now (another process could still take one; rare). */
export async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const first = LOW + Math.floor(Math.random() * (HIGH - LOW - count));
    let free = true;
    for (let port = first; free && port < first + count; port++) free = await bindable(port);
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports between ${LOW} and ${HIGH}`);
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return freePorts(1);
}
