import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DeadLetterEnvelope,
  deadLetterEnvelope,
  deadLetterError,
  deadLetterHeaders,
  deadLetterReasons,
  deadLetterRecord,
  deadLetterTopicFor,
  deadLetterTopicName,
  originalMessage,
  type DeadLetterInput,
} from './dead-letter.ts';

const input: DeadLetterInput = {
  topic: 'crm.contact.v1',
  partition: 4,
  offset: '9007199254740993',
  key: '0035g0',
  value: new Uint8Array([0xff, 0x00, 0x7b]),
  headers: { traceparent: '00-abc-01', repeated: ['a', Buffer.from('b')], empty: null },
  reason: 'schema_invalid',
  error: { name: 'ZodError', message: 'invalid', details: [{ path: ['crmId'], code: 'invalid_type' }] },
  attempts: 1,
  service: 'matcher',
  failedAt: '2025-03-14T09:30:00Z',
};

describe('dead-letter topics', () => {
  it('name `<topic>.dlq` from the prefixed name, delete-retained for 30 days on 3 partitions', () => {
    expect(deadLetterTopicName('t42.crm.contact.v1')).toBe('t42.crm.contact.v1.dlq');
    expect(deadLetterTopicFor({ name: 'crm.contact.v1' })).toEqual({
      name: 'crm.contact.v1.dlq',
      partitions: 3,
      cleanupPolicy: 'delete',
      retentionMs: 30 * 24 * 3600 * 1000,
    });
  });
});

describe('DeadLetterEnvelope', () => {
  it('keeps the original bytes, key and headers so the message can be replayed', () => {
    const envelope = DeadLetterEnvelope.parse(deadLetterEnvelope(input));
    const original = originalMessage(envelope);
    expect(original.key?.toString('utf8')).toBe('0035g0');
    expect([...(original.value ?? [])]).toEqual([0xff, 0x00, 0x7b]);
    expect(original.headers.map((h) => [h.key, h.value?.toString('utf8') ?? null])).toEqual([
      ['traceparent', '00-abc-01'],
      ['repeated', 'a'],
      ['repeated', 'b'],
      ['empty', null],
    ]);
    expect(envelope.original.offset).toBe('9007199254740993');
  });

  it('represents a tombstone and a missing key as null', () => {
    const envelope = deadLetterEnvelope({ ...input, key: null, value: null, headers: {} });
    expect(DeadLetterEnvelope.parse(envelope).original).toMatchObject({
      key: null,
      value: null,
      headers: [],
    });
  });

  it('carries the last retry reason of an exhausted retry', () => {
    const envelope = deadLetterEnvelope({
      ...input,
      reason: 'retries_exhausted',
      retryReason: 'database_unavailable',
    });
    expect(DeadLetterEnvelope.parse(envelope)).toMatchObject({
      reason: 'retries_exhausted',
      retryReason: 'database_unavailable',
    });
  });

  it('reads a reason it does not know yet (readers are tolerant)', () => {
    const envelope = { ...deadLetterEnvelope(input), reason: 'some_future_reason' };
    expect(DeadLetterEnvelope.safeParse(envelope).success).toBe(true);
  });

  it.each([
    ['a non-numeric offset', {}, { offset: 'abc' }],
    ['a value that is not base64', {}, { value: 'not base64!' }],
    ['a reason that is not snake_case', { reason: 'Schema Invalid' }, {}],
    ['a missing service', { service: undefined }, {}],
  ])('rejects %s', (_, change, originalChange) => {
    const envelope = deadLetterEnvelope(input);
    const changed = { ...envelope, ...change, original: { ...envelope.original, ...originalChange } };
    expect(DeadLetterEnvelope.safeParse(changed).success).toBe(false);
  });

  it('gives every listed reason in snake_case', () => {
    for (const reason of deadLetterReasons) {
      expect(DeadLetterEnvelope.shape.reason.safeParse(reason).success, reason).toBe(true);
    }
  });
});

describe('deadLetterRecord', () => {
  it('keys by the original key, names the origin in headers and holds the envelope as JSON', () => {
    const record = deadLetterRecord(input);
    expect(record.key).toBe('0035g0');
    expect(record.headers).toEqual({
      [deadLetterHeaders.reason]: 'schema_invalid',
      [deadLetterHeaders.topic]: 'crm.contact.v1',
      [deadLetterHeaders.partition]: '4',
      [deadLetterHeaders.offset]: '9007199254740993',
      [deadLetterHeaders.service]: 'matcher',
    });
    expect(DeadLetterEnvelope.parse(JSON.parse(record.value))).toEqual(deadLetterEnvelope(input));
  });
});

describe('deadLetterError', () => {
  it('keeps zod issues without their input values', () => {
    const result = z.object({ email: z.email() }).safeParse({ email: 'ana.souza@example' });
    const error = deadLetterError(result.error, 'schema_invalid');
    expect(error.name).toBe('ZodError');
    expect(error.details).toEqual([expect.objectContaining({ path: ['email'], code: 'invalid_format' })]);
    expect(JSON.stringify(error)).not.toContain('ana.souza');
  });

  it('names the error class and falls back to the reason without an error', () => {
    expect(deadLetterError(new TypeError('boom'), 'x')).toEqual({ name: 'TypeError', message: 'boom' });
    expect(deadLetterError(undefined, 'json_invalid')).toEqual({ message: 'json_invalid' });
  });
});
