import { describe, expect, it } from 'vitest';
import { DeadLetterEnvelope, deadLetterEnvelope, originalMessage } from './dead-letter.ts';

const input = {
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
});
