// Child process for the "offsets are committed only after processing" test: it handles messages, prints each
// finished offset, and hangs forever on the message whose value is HANG_AT, until the parent SIGKILLs it.
import { createKafka, ok, runConsumer, silentLogger } from '../src/index.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} missing`);
  return value;
};

const kafka = createKafka({
  brokers: env('KAFKA_BROKERS'),
  clientId: 'crashing-consumer',
  topicPrefix: env('TOPIC_PREFIX'),
  logger: silentLogger,
});
await runConsumer(kafka, {
  groupId: env('GROUP_ID'),
  topics: [env('TOPIC')],
  maxWaitTimeInMs: 100,
  sessionTimeoutMs: 6000,
  heartbeatIntervalMs: 500,
  handle: async (message) => {
    const value = message.value?.toString() ?? '';
    if (value === env('HANG_AT')) {
      process.stdout.write(`hang ${message.offset}\n`);
      await new Promise(() => {});
    }
    process.stdout.write(`done ${message.offset}\n`);
    return ok();
  },
});
process.stdout.write('started\n');
