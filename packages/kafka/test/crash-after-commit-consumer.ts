// Child process for "a crash between the batch's transaction and the offset commit": it stores each
// batch in Postgres, prints the offsets it handled, and SIGKILLs itself right after the COMMIT of the
// batch holding the message whose id is CRASH_AT, before the consumer could commit that batch's offsets.
import { createPool } from '@rapport/db';
import { createKafka, runConsumer, silentLogger } from '../src/index.ts';
import { storingHandler } from './stored-batch.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} missing`);
  return value;
};

const kafka = createKafka({
  brokers: env('KAFKA_BROKERS'),
  clientId: 'crash-after-commit',
  topicPrefix: env('TOPIC_PREFIX'),
  logger: silentLogger,
});
const pool = createPool(env('DATABASE_URL'), { max: 2 });
const crashAt = env('CRASH_AT');
await runConsumer(kafka, {
  groupId: env('GROUP_ID'),
  topics: [env('TOPIC')],
  maxWaitTimeInMs: 100,
  sessionTimeoutMs: 6000,
  heartbeatIntervalMs: 500,
  maxBatchMessages: 100,
  handleBatch: storingHandler(pool, {
    afterCommit(messages) {
      const offsets = messages.map((m) => m.offset).join(',');
      const crash = messages.some((m) => (JSON.parse(m.value!.toString()) as { id: string }).id === crashAt);
      process.stdout.write(`${crash ? 'crash' : 'batch'} ${offsets}\n`);
      if (crash) process.kill(process.pid, 'SIGKILL');
    },
  }),
});
process.stdout.write('started\n');
