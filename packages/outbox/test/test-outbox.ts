import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineTopic } from '@rapport/contracts';
import { z } from 'zod';
import { defineOutbox } from '../src/index.ts';

// The outbox and topics of the tests, without vitest: the relay child process imports them too.

/** What a service does: the package's migration linked into its own migrations/, then outbox_install. */
export const testMigrations = fileURLToPath(new URL('./migrations', import.meta.url));
export const outbox = defineOutbox({ table: 'test_outbox' });

export const TestEvent = z.object({
  eventId: z.uuid(),
  schemaVersion: z.literal(1),
  key: z.string().min(1),
  seq: z.int().min(0),
});
export type TestEvent = z.output<typeof TestEvent>;

export const ordersTopic = defineTopic({
  name: 'test.order.v1',
  version: 1,
  schema: TestEvent,
  partitions: 3,
  key: (e) => e.key,
  keyDescription: 'per key',
  cleanupPolicy: 'delete',
  description: 'outbox tests',
});
export const notesTopic = defineTopic({ ...ordersTopic, name: 'test.note.v1', partitions: 2 });
export const testTopics = [ordersTopic, notesTopic];

export const event = (key: string, seq: number): TestEvent => ({
  eventId: randomUUID(),
  schemaVersion: 1,
  key,
  seq,
});
