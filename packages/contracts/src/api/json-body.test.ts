import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from './json-body.ts';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

describe('parseJsonBytes', () => {
  it('reads UTF-8 JSON, with or without a BOM', () => {
    expect(parseJsonBytes(Buffer.from('{"a":"José 😀"}'))).toEqual({ ok: true, value: { a: 'José 😀' } });
    expect(parseJsonBytes(bytes([0xef, 0xbb, 0xbf], '[1]'))).toEqual({ ok: true, value: [1] });
  });

  it('refuses invalid UTF-8, naming the fields that hold it', () => {
    const body = bytes('{"names":{"given":"Jos', [0xe9], '"},"emails":[{"address":"a', [0xff], '"}]}');
    expect(parseJsonBytes(body)).toEqual({
      ok: false,
      reason: 'utf8_invalid',
      errors: [
        { path: '/names/given', message: 'is not valid UTF-8', code: 'invalid_utf8' },
        { path: '/emails/0/address', message: 'is not valid UTF-8', code: 'invalid_utf8' },
      ],
    });
    expect(parseJsonBytes(bytes('{"a":1', [0xc3]))).toMatchObject({ ok: false, reason: 'utf8_invalid' });
  });

  it('refuses text that is not JSON without quoting it', () => {
    const result = parseJsonBytes(Buffer.from('{"email":"secret@example.com"'));
    expect(result).toEqual({
      ok: false,
      reason: 'json_invalid',
      errors: [{ path: '', message: 'is not valid JSON', code: 'invalid_json' }],
    });
  });

  it('refuses __proto__ and constructor.prototype by name, however spelt and deep', () => {
    expect(parseJsonBytes(Buffer.from('{"a":[{"__proto__":{"x":1}}]}'))).toEqual({
      ok: false,
      reason: 'key_forbidden',
      errors: [
        {
          path: '/a/0/__proto__',
          message: '"__proto__" is not accepted as a field name',
          code: 'forbidden_key',
        },
      ],
    });
    expect(parseJsonBytes(Buffer.from('{"\\u005f_proto__":1}'))).toMatchObject({
      ok: false,
      errors: [{ path: '/__proto__' }],
    });
    expect(parseJsonBytes(Buffer.from('{"constructor":{"prototype":{}}}'))).toMatchObject({
      ok: false,
      errors: [{ path: '/constructor', code: 'forbidden_key' }],
    });
    expect(parseJsonBytes(Buffer.from('{"constructor":"Ana","prototype":"x"}'))).toMatchObject({ ok: true });
  });

  it('reads every JSON value that JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(
          !JSON.stringify(value).includes('__proto__') && !JSON.stringify(value).includes('constructor'),
        );
        expect(parseJsonBytes(Buffer.from(JSON.stringify(value)))).toEqual({
          ok: true,
          value: JSON.parse(JSON.stringify(value)),
        });
      }),
    );
  });
});
