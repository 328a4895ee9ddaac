import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger.ts';
import { restartSupervisor } from './restart-supervisor.ts';

describe('restartSupervisor', () => {
  it('restarts after a crash, backing off while restarts fail, until one works', async () => {
    const at: number[] = [];
    const started = Date.now();
    const supervisor = restartSupervisor({
      restart: async () => {
        at.push(Date.now() - started);
        if (at.length < 3) throw new Error('broker still down');
      },
      initialDelayMs: 20,
      maxDelayMs: 50,
      log: silentLogger,
      group: 'g',
    });
    supervisor.crashed();
    supervisor.crashed(); // a second crash report while one restart is scheduled schedules nothing more
    await vi.waitFor(() => expect(at).toHaveLength(3), { timeout: 2000, interval: 5 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(at).toHaveLength(3);
    // 20 ms, then 40 ms, then 50 ms (capped) apart.
    expect(at[0]!).toBeGreaterThanOrEqual(19);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(39);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(49);
  });

  it('restarts nothing once stopped', async () => {
    let restarts = 0;
    const supervisor = restartSupervisor({
      restart: async () => void restarts++,
      initialDelayMs: 10,
      maxDelayMs: 10,
      log: silentLogger,
      group: 'g',
    });
    supervisor.crashed();
    supervisor.stop();
    supervisor.crashed();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(restarts).toBe(0);
  });
});
