import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/slow-service.ts', import.meta.url));

interface Running {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
  waitFor: (msg: string) => Promise<Record<string, unknown>>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, [FIXTURE], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  const waiters: { msg: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const text of complete.filter(Boolean)) {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.msg === line.msg)) waiter.resolve(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitFor = (msg: string) => {
    const seen = lines.find((line) => line.msg === msg);
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      waiters.push({ msg, resolve });
      void exited.then((code) => reject(new Error(`exited ${code} before "${msg}": ${stderr}`)));
    });
  };
  return { child, lines, stderr: () => stderr, exited, waitFor };
}

const API_KEYS = 'test:0123456789abcdef0123:ingest:write';

describe('runService', () => {
  it(
    'on SIGTERM finishes the in-flight request, runs closers in reverse order and exits 0',
    { timeout: 20_000 },
    async () => {
      const port = await freePort();
      const service = start({ PORT: String(port), HOST: '127.0.0.1', API_KEYS });
      await service.waitFor('service started');
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

      const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
      await service.waitFor('slow request started');
      service.child.kill('SIGTERM');

      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ done: true });
      expect(await service.exited).toBe(0);

      const messages = service.lines.map((line) => line.msg);
      const steps = service.lines
        .filter((line) => line.msg === 'shutdown step done')
        .map((line) => line.step);
      expect(steps).toEqual(['http', 'second', 'first']);
      const closers = service.lines.filter((line) => line.msg === 'closer ran').map((line) => line.closer);
      expect(closers).toEqual(['second', 'first']);
      // Readiness went false before anything closed, and the request finished before HTTP did.
      expect(messages.indexOf('shutdown started')).toBeLessThan(messages.indexOf('slow request finished'));
      expect(messages.indexOf('slow request finished')).toBeLessThan(messages.indexOf('shutdown step done'));
      expect(messages.at(-1), JSON.stringify(service.lines.slice(-4)) + service.stderr()).toBe(
        'shutdown complete',
      );
      for (const line of service.lines.filter((l) => l.msg === 'shutdown step done')) {
        expect(line.durationMs).toEqual(expect.any(Number));
      }
      expect(service.lines.every((line) => line.service === 'slow-service' && line.version === '0.0.1')).toBe(
        true,
      );
    },
  );

  it('exits 1 when a closer outlives the deadline', async () => {
    const port = await freePort();
    const service = start({
      PORT: String(port),
      HOST: '127.0.0.1',
      API_KEYS,
      SHUTDOWN_DEADLINE_MS: '300',
      FIXTURE_HANG_ON_STOP: '1',
    });
    await service.waitFor('service started');
    const started = Date.now();
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(3_000);
    const deadline = service.lines.find((line) => line.msg === 'shutdown deadline exceeded');
    expect(deadline).toMatchObject({ step: 'second', deadlineMs: 300 });
  });

  it('prints every config problem and exits 1', async () => {
    const service = start({ PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(await service.exited).toBe(1);
    expect(service.stderr()).toBe(
      'slow-service: invalid configuration\n' +
        '  API_KEYS: required\n' +
        '  LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent\n' +
        '  PORT: expected integer 1..65535\n',
    );
  });
});
