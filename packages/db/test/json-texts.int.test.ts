import { test } from '@rapport/testing';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { jsonTexts, JSON_TEXTS, serialisedJsonTexts } from '../src/index.ts';

// Any JSON value, with strings of any code point: control characters (the separator among them) included.
const value = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary' }),
    fc.array(tie('json')),
    fc.dictionary(fc.string({ unit: 'binary' }), tie('json')),
  ),
})).json;

describe('jsonTexts', () => {
  test('Postgres reads back every value, in order, as the JSON.stringify text, beside the rows it belongs to', async ({
    db,
  }) => {
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 20 }), async (values) => {
        const ids = values.map((_, i) => ({ id: i }));
        const { rows } = await db.pool.query<{ id: number; text: string; valid: boolean }>(
          `select id, text, text::json is not null as valid
             from rows from (json_to_recordset($1::json) as (id int), ${JSON_TEXTS('$2')}) as x(id, text)`,
          [JSON.stringify(ids), jsonTexts(values)],
        );
        expect(rows).toEqual(values.map((v, i) => ({ id: i, text: JSON.stringify(v), valid: true })));
      }),
      { numRuns: 100 },
    );
  });

  test('no values is no rows; undefined is JSON null, which nullif turns into NULL', async ({ db }) => {
    const read = async (param: string | null) =>
      (
        await db.pool.query<{ v: unknown }>(
          `select nullif(x, 'null')::json as v from ${JSON_TEXTS('$1')} x`,
          [param],
        )
      ).rows;
    expect(jsonTexts([])).toBeNull();
    expect(await read(jsonTexts([]))).toEqual([]);
    expect(await read(jsonTexts([undefined]))).toEqual([{ v: null }]);
    expect(await read(jsonTexts([undefined, { a: 1 }, undefined]))).toEqual([
      { v: null },
      { v: { a: 1 } },
      { v: null },
    ]);
    expect(await read(serialisedJsonTexts(['{"b":"\\u001e"}', '[]']))).toEqual([
      { v: { b: '\u001e' } },
      { v: [] },
    ]);
  });
});
