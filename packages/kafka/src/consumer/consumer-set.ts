import type { RunningConsumer } from './run-consumer.ts';

/** Several members of one consumer group in one process, stopped together. */
export interface ConsumerSet {
  readonly members: readonly RunningConsumer[];
  /** Stops every member at once, each letting its chunk in flight finish. */
  stop(): Promise<void>;
  /** Epoch ms of the stalest member's last sign of life. */
  lastActivityAt(): number;
}

/**
 * Starts `count` members one after another with `start(index)`, so each joins the group before the next.
 * When one fails to start, the members already running are stopped and the error is thrown: a process never
 * runs with part of its consumers.
 */
export async function startConsumers(
  count: number,
  start: (index: number) => Promise<RunningConsumer>,
): Promise<ConsumerSet> {
  const members: RunningConsumer[] = [];
  const stop = () => Promise.all(members.map((c) => c.stop())).then(() => undefined);
  try {
    for (let i = 0; i < count; i++) members.push(await start(i));
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  return { members, stop, lastActivityAt: () => Math.min(...members.map((c) => c.lastActivityAt())) };
}
