/**
 * Records per second through the Postgres resolution store, batches of 500 upserts in one transaction
 * each, on generated people (a rough figure for the matcher's budget, not a benchmark: bench:matcher
 * measures the service). Run by hand; it sits beside the store's tests. Creates a scratch database on
 * DATABASE_URL's server and drops it afterwards (KEEP_DB=1 keeps it, to look at the tables).
 *
 *   DATABASE_URL=postgres://app:app@127.0.0.1:5432/app node services/matcher/test/resolution-store-throughput.ts [records] [batch]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatePeople } from '@rapport/datagen';
import { createPool, migrate, withTransaction } from '@rapport/db';
import { createEngine, resolveChanges, trainModel, type ResolutionStore } from '@rapport/matching';
import { PostgresResolutionStore } from '../src/adapters/resolution-store.repo.ts';

const total = Number(process.argv[2] ?? 50_000);
const size = Number(process.argv[3] ?? 500);
const records = [...generatePeople({ seed: 1, people: Math.ceil(total / 1.9) + 100, maxRecords: total })].map(
  (g) => g.record,
);
const model = trainModel(records.slice(0, 20_000), { seed: 1, normalise: { defaultRegion: 'GB' } });
const engine = createEngine({ model });
const server = process.env.DATABASE_URL ?? 'postgres://app:app@127.0.0.1:5432/app';
const admin = createPool(server, { max: 1 });
const name = `resolution_throughput_${process.pid}`;
await admin.query(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const pool = createPool(url.toString(), { max: 2 });
// The database server runs on this machine: its backends' CPU time, read from /proc, says what the
// resolution costs Postgres whatever else the machine is doing (wall time on a shared machine does not).
const backends = new Set<number>();
pool.on('connect', (client) => {
  void client
    .query<{ pid: number }>('select pg_backend_pid() as pid')
    .then((r) => backends.add(r.rows[0]!.pid));
});
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
try {
  await migrate(pool, { dir: fileURLToPath(new URL('../migrations', import.meta.url)), owner: 'matcher' });
  // Wall time with a store call in flight (reads may overlap), in all and by method.
  let storeMs = 0;
  let inFlight = 0;
  let since = 0;
  const byMethod: Record<string, number> = {};
  const timed = (store: ResolutionStore): ResolutionStore =>
    new Proxy(store, {
      get(target, name, receiver) {
        const f = Reflect.get(target, name, receiver) as unknown;
        if (typeof f !== 'function') return f;
        return async (...args: unknown[]) => {
          const t = performance.now();
          if (inFlight++ === 0) since = t;
          try {
            return await (f as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            const now = performance.now();
            byMethod[String(name)] = (byMethod[String(name)] ?? 0) + now - t;
            if (--inFlight === 0) storeMs += now - since;
          }
        };
      },
    });
  const started = performance.now();
  const nodeCpuStart = process.cpuUsage();
  let windowStart = started;
  for (let i = 0; i < records.length; i += size) {
    const batch = records.slice(i, i + size).map((record) => ({ kind: 'upsert' as const, record }));
    await withTransaction(pool, (client) =>
      resolveChanges(engine, timed(new PostgresResolutionStore(client)), batch),
    );
    const done = Math.min(i + size, records.length);
    if (done % 10_000 === 0 || done === records.length) {
      const now = performance.now();
      const windowRecords = done % 10_000 === 0 ? 10_000 : done % 10_000;
      console.log(
        `${done} records: ${Math.round(windowRecords / ((now - windowStart) / 1000))} records/s over the last ${windowRecords}`,
      );
      windowStart = now;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const nodeCpu = process.cpuUsage(nodeCpuStart);
  const engineCpu = (nodeCpu.user + nodeCpu.system) / 1e6;
  let postgresCpu = 0;
  for (const pid of backends) postgresCpu += cpuSeconds(pid);
  console.log(
    JSON.stringify({
      records: records.length,
      batch: size,
      seconds: Math.round(seconds * 10) / 10,
      records_per_s: Math.round(records.length / seconds),
      store_share: Math.round((storeMs / 1000 / seconds) * 100) / 100,
      // This process (engine, driver) and the database's backends: their sum bounds a quiet machine's rate.
      node_cpu_seconds: Math.round(engineCpu * 10) / 10,
      postgres_cpu_seconds: Math.round(postgresCpu * 10) / 10,
      records_per_cpu_s: Math.round(records.length / (engineCpu + postgresCpu)),
      store_seconds_by_call: Object.fromEntries(
        Object.entries(byMethod).map(([k, v]) => [k, Math.round(v / 100) / 10]),
      ),
    }),
  );
} finally {
  await pool.end();
  if (process.env.KEEP_DB === undefined) await admin.query(`drop database if exists ${name} with (force)`);
  else console.log('kept', name);
  await admin.end();
}
