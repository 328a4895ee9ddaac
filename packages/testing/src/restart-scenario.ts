import type { DevFleet } from './dev-fleet.ts';
import { topicReader } from './topic-reader.ts';

/** What one `kill -9` and restart of ingest-loyalty under load measured. */
export interface RestartFigures {
  /** From `./dev.sh up` being run to the first HTTP answer (/healthz), and to /readyz 200. */
  http_after_restart_ms: number;
  ready_after_restart_ms: number;
  /** Records answered 202 (stored), and how many of those are on the topic once, twice, never. */
  acknowledged_records: number;
  acknowledged_once: number;
  duplicated: number;
  lost: number;
  /** Requests that got no answer (the process died under them, or nothing listened yet). */
  unanswered_requests: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * ingest-loyalty under a steady load of member batches: `kill -9` mid-load, `./dev.sh up
 * ingest-loyalty` at once, the load going on all along; then every acknowledged record is looked
 * for on `loyalty.member.v1`. The fleet must be up (`./dev.sh up ingest-loyalty`) already.
 */
export async function killAndRestart(
  fleet: DevFleet,
  options: { brokers: string[]; topicPrefix: string; round: string; loadMs?: number; batch?: number },
): Promise<RestartFigures> {
  const url = fleet.url('ingest-loyalty');
  const headers = { 'content-type': 'application/json', 'x-api-key': fleet.apiKey() };
  const acknowledged = new Set<string>();
  let unanswered = 0;
  let sent = 0;
  let loading = true;

  const loop = async (worker: number): Promise<void> => {
    while (loading) {
      const records = Array.from({ length: options.batch ?? 20 }, () => ({
        memberId: `M-${options.round}-${worker}-${sent++}`,
        program: 'restart',
        email: 'member@example.com',
        updatedAt: '2025-03-14T09:26:53Z',
      }));
      try {
        const response = await fetch(`${url}/v1/loyalty/members/batch`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ records }),
          signal: AbortSignal.timeout(15_000),
        });
        const answer = (await response.json()) as { results?: { eventId?: string }[] };
        if (response.status === 202) {
          for (const result of answer.results ?? []) if (result.eventId) acknowledged.add(result.eventId);
        } else {
          await sleep(50);
        }
      } catch {
        unanswered++;
        await sleep(50);
      }
    }
  };
  const workers = [loop(0), loop(1)];
  await sleep(options.loadMs ?? 2000);
  process.kill(fleet.pid('ingest-loyalty'), 'SIGKILL');
  const restart = await timeUp(fleet);
  await sleep(options.loadMs ?? 2000);
  loading = false;
  await Promise.all(workers);

  const reader = topicReader(options.brokers, options.topicPrefix);
  try {
    const events = await reader.readAll('loyalty.member.v1', {
      atLeast: acknowledged.size,
      timeoutMs: 30_000,
    });
    const seen = new Map<string, number>();
    for (const event of events) {
      const id = (event.json as { eventId: string }).eventId;
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    let once = 0;
    let duplicated = 0;
    let lost = 0;
    for (const id of acknowledged) {
      const count = seen.get(id) ?? 0;
      if (count === 1) once++;
      else if (count === 0) lost++;
      else duplicated++;
    }
    return {
      http_after_restart_ms: restart.http_ms,
      ready_after_restart_ms: restart.ready_ms,
      acknowledged_records: acknowledged.size,
      acknowledged_once: once,
      duplicated,
      lost,
      unanswered_requests: unanswered,
    };
  } finally {
    await reader.close();
  }
}

/**
 * Runs `./dev.sh up ingest-loyalty` and measures, from that moment, when the service first answers
 * HTTP (/healthz, any status) and when /readyz first says 200.
 */
export async function timeUp(fleet: DevFleet): Promise<{ http_ms: number; ready_ms: number }> {
  const url = fleet.url('ingest-loyalty');
  const answers = async (path: string, ok: (status: number) => boolean): Promise<boolean> => {
    try {
      const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return ok(response.status);
    } catch {
      return false;
    }
  };
  const started = performance.now();
  const up = fleet.sh('up', 'ingest-loyalty');
  let httpAt: number | undefined;
  let readyAt: number | undefined;
  while (readyAt === undefined && performance.now() - started < 120_000) {
    if (httpAt === undefined && (await answers('/healthz', () => true))) httpAt = performance.now();
    if (httpAt !== undefined && (await answers('/readyz', (status) => status === 200)))
      readyAt = performance.now();
    await sleep(25);
  }
  const result = await up;
  if (result.code !== 0) throw new Error(`./dev.sh up ingest-loyalty failed:\n${result.output}`);
  if (httpAt === undefined || readyAt === undefined)
    throw new Error('ingest-loyalty not ready 120 s after ./dev.sh up');
  return { http_ms: Math.round(httpAt - started), ready_ms: Math.round(readyAt - started) };
}
