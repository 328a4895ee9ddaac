import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '@rapport/testing/fleet';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A service's own Node flags (`services/<name>/node-options`, comments dropped; none without the file), as
 * ./dev.sh up and the Docker image start it.
 */
export function serviceNodeFlags(name: string): string[] {
  const file = `${ROOT}services/${name}/node-options`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .replace(/#.*/g, '')
    .split(/\s+/)
    .filter((f) => f !== '');
}

export interface ServiceProcess {
  url: string;
  pid: number | undefined;
  /** SIGTERM, then the process's exit (its ordered shutdown). */
  stop(): Promise<void>;
}

/**
 * Runs `services/<name>/src/server.ts` in its own Node process on a free port of 127.0.0.1 with its own
 * Node flags, as `./dev.sh up` does, and resolves once its /readyz answers 200. Its stderr (logs at LOG_LEVEL) passes through.
 */
export async function startServiceProcess(
  name: string,
  env: Record<string, string>,
  options: { readyTimeoutMs?: number } = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" passes Node flags to the services (profiling).
  const nodeArgs = [
    ...serviceNodeFlags(name),
    ...(process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, `services/${name}/src/server.ts`], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return { url, pid: child.pid, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`${name} not ready within ${(options.readyTimeoutMs ?? 60_000) / 1000} s`);
}
