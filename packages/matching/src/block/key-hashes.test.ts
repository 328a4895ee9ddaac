import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { person } from '../fixtures/person.fixture.ts';
import { DEFAULT_NORMALISE } from '../normalise/options.ts';
import { prepareRecord } from '../normalise/prepare.ts';
import { hashKey, keyHashes } from './key-hashes.ts';
import { IntList } from './key-index.ts';
import { blockingKeys } from './keys.ts';
import { DEFAULT_BLOCKING, PART_FIXES, type BlockKeyPart, type BlockingRule } from './rules.ts';

const PARTS = Object.keys(PART_FIXES) as BlockKeyPart[];

// Few distinct values, so that names repeat across fields, values repeat across addresses and keys collide.
const name = fc.constantFrom('', 'Ann', 'ann', 'Anne', 'Smith', 'Smyth', 'Mary Ann', 'Émile', 'Ng');
const word = fc.constantFrom('High', 'Street', 'Mill', 'Road', 'Orchard', 'Lane', 'Flat', '2b');
const address = fc.record(
  {
    streetNumber: fc.constantFrom('', '12', '7a'),
    line1: fc.array(word, { maxLength: 4 }).map((ws) => ws.join(' ')),
    line2: fc.constantFrom('', 'Mill House', 'Flat 3'),
    locality: fc.constantFrom('', 'York', 'Leeds'),
    postcode: fc.constantFrom('', 'YO1 7HH', 'LS2 9JT'),
  },
  { requiredKeys: [] },
);
const record = fc.record(
  {
    givenName: name,
    familyName: name,
    fullName: fc.constantFrom('Ann Smith', 'Smith, Ann', 'Dr Mary Ann Smyth'),
    birthDate: fc.constantFrom('1970-01-02', '1970-02-01', '1985-11', '1985', '0999-05-06', 'soon'),
    emails: fc.array(
      fc.record({ address: fc.constantFrom('ann@x.org', 'a.smith+news@gmail.com', 'ANN@x.org') }),
      { maxLength: 3 },
    ),
    phones: fc.array(
      fc.record({ number: fc.constantFrom('07700 900123', '+44 7700 900124', '0113 496 0000') }),
      {
        maxLength: 3,
      },
    ),
    addresses: fc.array(address, { maxLength: 3 }),
    handles: fc.array(
      fc.record({ platform: fc.constantFrom('x', 'insta'), handle: fc.constantFrom('@ann', 'ann_s') }),
      { maxLength: 2 },
    ),
    cards: fc.array(
      fc.record({ program: fc.constantFrom('club'), number: fc.constantFrom('1234', '5678') }),
      {
        maxLength: 2,
      },
    ),
    nationalId: fc.constantFrom('AB 12 34 56 C', '9-8-7'),
  },
  { requiredKeys: [] },
);
const rule = fc
  .uniqueArray(fc.constantFrom(...PARTS), { maxLength: 4 })
  .map((on): BlockingRule => ({ name: on.join('+'), on }));

function hashesOf(r: BlockingRule, p: ReturnType<typeof prepareRecord>): string[] {
  const out = new IntList(4);
  keyHashes(r, p, out);
  const pairs: string[] = [];
  for (let at = 0; at < out.length; at += 2) pairs.push(`${out.data[at]},${out.data[at + 1]}`);
  return pairs.sort();
}

function stringHashesOf(r: BlockingRule, p: ReturnType<typeof prepareRecord>): string[] {
  return blockingKeys(r, p)
    .map((k) => hashKey(k).join(','))
    .sort();
}

describe('key hashes', () => {
  it('are the hashes of the keys blockingKeys builds, one per distinct key, under any rule', () => {
    fc.assert(
      fc.property(record, fc.oneof(rule, fc.constantFrom(...DEFAULT_BLOCKING)), (fields, r) => {
        const p = prepareRecord(person('a', fields), DEFAULT_NORMALISE);
        expect(hashesOf(r, p)).toEqual(stringHashesOf(r, p));
      }),
      { numRuns: 3000 },
    );
  });

  it('of a record with several emails and addresses are one per combination', () => {
    const p = prepareRecord(
      person('a', {
        givenName: 'Ann',
        emails: [{ address: 'ann@x.org' }, { address: 'ann@y.org' }],
        addresses: [
          { postcode: 'YO1 7HH', streetNumber: '1' },
          { postcode: 'LS2 9JT', streetNumber: '2' },
          { postcode: 'YO1 7HH', streetNumber: '1' },
        ],
      }),
      DEFAULT_NORMALISE,
    );
    const r: BlockingRule = { name: 'e+pc+n', on: ['email', 'postcode', 'streetNumber'] };
    expect(hashesOf(r, p)).toHaveLength(4);
    expect(hashesOf(r, p)).toEqual(stringHashesOf(r, p));
  });
});
