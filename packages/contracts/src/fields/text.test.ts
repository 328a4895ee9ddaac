import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustomerId, nonBlank, RECORD_ID_MAX, RecordId, SourceId } from './text.ts';

const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message);

describe('text fields', () => {
  it.each([
    ['a lone high surrogate', 'Ana\ud800', 'must be well-formed Unicode: it holds a lone surrogate'],
    ['a lone low surrogate', '\udc00Ana', 'must be well-formed Unicode: it holds a lone surrogate'],
    ['a NUL', 'Ana\u0000Souza', 'must not contain the NUL character'],
  ])('refuse %s', (_, value, message) => {
    expect(messages(nonBlank(300).safeParse(value))).toEqual([message]);
    expect(messages(SourceId.safeParse(value))).toEqual([message]);
  });

  it('refuse control characters in identifiers, not in free text', () => {
    expect(messages(SourceId.safeParse('M-1\n2'))).toEqual(['must not contain control characters']);
    expect(messages(SourceId.safeParse('M-1\u0085'))).toEqual(['must not contain control characters']);
    expect(messages(SourceId.safeParse('\nM-1'))).toEqual(['must not contain control characters']);
    expect(messages(SourceId.safeParse(' \t '))).toEqual(['must not be blank']);
    expect(nonBlank(300).safeParse('line one\nline two\ttabbed').success).toBe(true);
  });

  it('accept any well-formed text without NUL: emoji, accents, scripts', () => {
    expect(nonBlank(300).safeParse('José 😀 東京').success).toBe(true);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (text) => {
        fc.pre(/\S/.test(text) && !text.includes('\u0000'));
        expect(nonBlank(10_000).safeParse(text).success).toBe(true);
      }),
    );
  });

  it('refuse every string that holds a lone surrogate', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 0xd800, max: 0xdfff }), (text, unit) => {
        const value = `x${text}${String.fromCharCode(unit)}`;
        fc.pre(!value.isWellFormed());
        expect(nonBlank(10_000).safeParse(value).success).toBe(false);
      }),
    );
    // A hundred binary strings take about a second here, more on a loaded machine.
  }, 30_000);

  it('name every record the source ids can make, and a customer of it', () => {
    const id = SourceId.parse('x'.repeat(200));
    const longest = [
      `loyalty:${id}:${id}`,
      `loyalty:${id}:card:${id}`,
      `crm:${id}`,
      `social:instagram:${'İ'.repeat(100)}`.toLowerCase(),
    ];
    for (const recordId of longest) {
      expect(RecordId.safeParse(recordId).success, recordId).toBe(true);
      expect(CustomerId.safeParse(`c:${recordId}`).success, recordId).toBe(true);
    }
    expect(RecordId.safeParse('social:x:a\u0085b').success).toBe(true);
    expect(messages(RecordId.safeParse('r'.repeat(RECORD_ID_MAX + 1)))).toEqual([
      `Too big: expected string to have <=${RECORD_ID_MAX} characters`,
    ]);
  });
});
