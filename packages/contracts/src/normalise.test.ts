import { describe, expect, it } from 'vitest';
import { normaliseHandle, normaliseStrings, normaliseText, normaliseTimestamp } from './normalise.ts';

describe('normalise', () => {
  it('trims and composes text to NFC', () => {
    expect(normaliseText('  Jose\u0301 ')).toBe('Jos\u00e9');
  });

  it('normalises every string of a structure and nothing else', () => {
    expect(normaliseStrings({ a: ' x ', b: [' y', 2, true, null], c: { d: 'z ' } })).toEqual({
      a: 'x',
      b: ['y', 2, true, null],
      c: { d: 'z' },
    });
  });

  it.each([
    ['2025-03-14T10:26:53+01:00', '2025-03-14T09:26:53Z'],
    ['2025-03-14T09:26:53Z', '2025-03-14T09:26:53Z'],
    ['2025-03-14T09:26:53.123456z', '2025-03-14T09:26:53.123456Z'],
    ['2025-03-14T00:30:00-0230', '2025-03-14T03:00:00Z'],
    ['2025-01-01T00:00:00.5+01:00', '2024-12-31T23:00:00.5Z'],
  ])('rewrites %s as %s in UTC, keeping fractional digits', (input, expected) => {
    expect(normaliseTimestamp(input)).toBe(expected);
  });

  it('throws on an unvalidated timestamp (a bug in the caller)', () => {
    expect(() => normaliseTimestamp('yesterday')).toThrow(TypeError);
  });

  it('drops one leading @ from handles and keeps case', () => {
    expect(normaliseHandle(' @Ana.Travels ')).toBe('Ana.Travels');
  });
});
