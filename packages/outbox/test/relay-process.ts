// A relay in its own process, for the kill -9 tests and bench:outbox: `node relay-process.ts`. It prints one
// JSON line per log line at info and above, and `{"msg":"committed","rows":n}` after each Kafka commit (before
// the rows are deleted). With CRASH_AT_BATCH=n it SIGKILLs itself right after the n-th commit: the window
// between "sent to Kafka" and "deleted from the outbox".
import { createPool } from '@rapport/db';
import { createKafka, type Logger } from '@rapport/kafka';
import { startOutboxRelay } from '../src/index.ts';
import { outbox, testTopics } from './test-outbox.ts';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} missing`);
  return value;
};
const print = (obj: object): void => void process.stdout.write(JSON.stringify(obj) + '\n');
const line =
  (level: string) =>
  (obj: object, msg?: string): void =>
    print({ level, msg, ...obj });
const logger: Logger = { error: line('error'), warn: line('warn'), info: line('info'), debug: () => {} };

const crashAt = Number(env('CRASH_AT_BATCH', '0'));
let batches = 0;
const pool = createPool(env('DATABASE_URL'), { max: 3 });
const kafka = createKafka({
  brokers: env('KAFKA_BROKERS'),
  clientId: 'outbox-test',
  topicPrefix: env('TOPIC_PREFIX'),
  logger,
});
const relay = startOutboxRelay({
  outbox,
  pool,
  kafka,
  topics: testTopics,
  logger,
  batchSize: Number(env('BATCH_SIZE', '500')),
  afterCommit: ({ eventIds }) => {
    batches += 1;
    print({ msg: 'committed', rows: eventIds.length, batch: batches });
    if (batches === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
process.on('SIGTERM', () => {
  void relay.stop().then(() => pool.end().then(() => process.exit(0)));
});
