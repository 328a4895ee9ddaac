import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deterministicEventId } from './event-id.ts';

describe('deterministicEventId', () => {
  it('is stable across calls and releases', () => {
    const id = deterministicEventId([
      'loyalty.member.v1',
      'loyalty',
      'skymiles',
      'M-1',
      '2025-03-14T09:26:53Z',
    ]);
    expect(id).toBe(
      deterministicEventId(['loyalty.member.v1', 'loyalty', 'skymiles', 'M-1', '2025-03-14T09:26:53Z']),
    );
    // Pinned: changing the derivation would make replays look like new events to every consumer.
    expect(id).toBe('205b0c53-4e17-8653-a6aa-45eab929f423');
  });

  it('is a valid UUID (version 8, RFC variant)', () => {
    const id = deterministicEventId(['x']);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id.charAt(14)).toBe('8');
    expect('89ab').toContain(id.charAt(19));
  });

  it('keeps part boundaries: moving a separator changes the id', () => {
    expect(deterministicEventId(['a:b', 'c'])).not.toBe(deterministicEventId(['a', 'b:c']));
    expect(deterministicEventId(['ab'])).not.toBe(deterministicEventId(['a', 'b']));
  });

  it('refuses an empty list', () => {
    expect(() => deterministicEventId([])).toThrow(TypeError);
  });
});
