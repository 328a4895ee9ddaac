// Child process for "a crash between the batch's transaction and the offset commit": it stores each
// batch in Postgres, prints the offsets it handled, and SIGKILLs itself right after the COMMIT of the
// batch holding the message whose id is CRASH_AT, before the consumer could commit that batch's offsets.
import { createPool } from '@rapport/db';
import { runConsumer } from '../src/index.ts';
import { childConsumer, childKafka, env } from './child-kafka.ts';
import { storingHandler } from './stored-batch.ts';

const kafka = childKafka('crash-after-commit');
const pool = createPool(env('DATABASE_URL'), { max: 2 });
const crashAt = env('CRASH_AT');
await runConsumer(kafka, {
  ...childConsumer,
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
