import { describe, expect, it } from 'vitest';
import { parseNdjson } from './ndjson.ts';

describe('parseNdjson', () => {
  it('gives one item per non-blank line, a line that is not JSON as a rejected item', () => {
    const body = parseNdjson(Buffer.from('{"a":1}\r\n\n  \n{oops\n[2]\n'), 10);
    expect(body.items).toEqual([
      { ok: true, value: { a: 1 } },
      { ok: false, errors: [{ path: '', message: 'is not valid JSON', code: 'invalid_json' }] },
      { ok: true, value: [2] },
    ]);
  });

  it('stops one past the limit, enough to refuse the batch', () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i })).join('\n');
    expect(parseNdjson(Buffer.from(lines), 5).items).toHaveLength(6);
  });

  it('never quotes the offending line', () => {
    const [item] = parseNdjson(Buffer.from('{"email": "ana@example.com"'), 10).items;
    expect(JSON.stringify(item)).not.toContain('ana@');
  });

  it('rejects a line that is not UTF-8 or names __proto__, with the path in the record', () => {
    const raw = Buffer.concat([
      Buffer.from('{"names":{"given":"Jos'),
      Buffer.from([0xe9]),
      Buffer.from('"}}\n{"__proto__":{"admin":true}}\n{"ok":true}\n'),
    ]);
    expect(parseNdjson(raw, 10).items).toEqual([
      { ok: false, errors: [{ path: '/names/given', message: 'is not valid UTF-8', code: 'invalid_utf8' }] },
      {
        ok: false,
        errors: [
          {
            path: '/__proto__',
            message: '"__proto__" is not accepted as a field name',
            code: 'forbidden_key',
          },
        ],
      },
      { ok: true, value: { ok: true } },
    ]);
  });
});
