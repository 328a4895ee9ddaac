// Child process for the "offsets are committed only after processing" test: it handles messages, prints each
// finished offset, and hangs forever on the message whose value is HANG_AT, until the parent SIGKILLs it.
import { ok, runConsumer } from '../src/index.ts';
import { childConsumer, childKafka, env } from './child-kafka.ts';

const kafka = childKafka('crashing-consumer');
await runConsumer(kafka, {
  ...childConsumer,
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
