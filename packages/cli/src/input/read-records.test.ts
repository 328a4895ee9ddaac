import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapping } from './mapping.ts';
import { readRecords } from './read-records.ts';
import { InputError } from './input-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'rapport-read-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const inline = 'recordId=id,givenName=first,familyName=last,birthDate=dob,email=mail,phone=tel';

async function failure(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readRecords (CSV)', () => {
  it('reads a header, CRLF, BOM, quotes, spaces after commas and no final newline', async () => {
    const path = file(
      'ok.csv',
      '\ufeffid, first, last, dob, mail, tel\r\n1, Ann, "Smith, Jr", 1980-01-02, ann@x.org, 0412 345 678\r\n\r\n2, Bo, , , ,',
    );
    const { records } = await readRecords([path], {
      format: 'csv',
      mapping: loadMapping(inline, { source: 'ok' }),
    });
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      recordId: '1',
      source: 'ok',
      givenName: 'Ann',
      familyName: 'Smith, Jr',
      birthDate: '1980-01-02',
      emails: [{ address: 'ann@x.org' }],
      phones: [{ number: '0412 345 678' }],
    });
    expect(records[1]).toMatchObject({ recordId: '2', givenName: 'Bo', emails: [], phones: [] });
    expect(records[1]?.familyName).toBeUndefined();
  });

  it('names file, line and column of a malformed value', async () => {
    const path = file(
      'bad.csv',
      'id,first,last,dob,mail,tel\n1,A,B,1980-01-02,a@b.c,1\n2,C,D,1980-13-01,c@d.e,2\n',
    );
    const error = await failure(
      readRecords([path], { format: 'csv', mapping: loadMapping(inline, { source: 's' }) }),
    );
    expect(error.message).toBe(`${path}:3: field dob: "1980-13-01" has no month 13`);
    expect(error).toMatchObject({ file: path, line: 3, field: 'dob' });
  });

  it('counts the line of a record that starts after a multi-line quoted field', async () => {
    const path = file('multi.csv', 'id,first,last,dob,mail,tel\n1,"A\nB",C,,,\n2,D,E,,not-an-email,\n');
    const error = await failure(
      readRecords([path], { format: 'csv', mapping: loadMapping(inline, { source: 's' }) }),
    );
    expect(error.message).toBe(`${path}:4: field mail: "not-an-email" is not an email address`);
  });

  it('drops malformed values when told to, and counts them', async () => {
    const path = file('drop.csv', 'id,first,last,dob,mail,tel\n1,A,B,19450493,a@b.c,1\n');
    const mapping = loadMapping(inline, { source: 's' }, { onInvalid: 'drop', birthDateFormat: 'YYYYMMDD' });
    const { records, dropped } = await readRecords([path], { format: 'csv', mapping });
    expect(records[0]?.birthDate).toBeUndefined();
    expect(dropped).toEqual({ dob: 1 });
  });

  it('keeps impossible full dates as typed when the mapping says so', async () => {
    const path = file('keep.csv', 'id,first,last,dob,mail,tel\n1,A,B,19450493,,\n2,C,D,19451393,,\n');
    const mapping = loadMapping(
      file(
        'keep.json',
        JSON.stringify({
          birthDateFormat: 'YYYYMMDD',
          impossibleBirthDates: 'keep',
          fields: { recordId: 'id', birthDate: 'dob' },
        }),
      ),
      { source: 's' },
    );
    expect(mapping.impossibleBirthDates).toBe('keep');
    const { records, dropped } = await readRecords([path], { format: 'csv', mapping });
    expect(records.map((r) => r.birthDate)).toEqual(['1945-04-93', '1945-13-93']);
    expect(dropped).toEqual({});
  });

  it('refuses rows of the wrong width, unknown columns, duplicate ids and unclosed quotes', async () => {
    const mapping = loadMapping(inline, { source: 's' });
    const wide = file('wide.csv', 'id,first,last,dob,mail,tel\n1,A,B,,,,extra\n');
    expect((await failure(readRecords([wide], { format: 'csv', mapping }))).message).toBe(
      `${wide}:2: expected 6 fields as in the header, found 7`,
    );
    const missing = file('missing.csv', 'id,first,surname,dob,mail,tel\n');
    expect((await failure(readRecords([missing], { format: 'csv', mapping }))).message).toContain(
      `${missing}:1: the mapping names column "last"`,
    );
    const twice = file('twice.csv', 'id,first,last,dob,mail,tel\n1,A,B,,,\n1,C,D,,,\n');
    expect((await failure(readRecords([twice], { format: 'csv', mapping }))).message).toBe(
      `${twice}:3: field id: record id "1" appears twice`,
    );
    const open = file('open.csv', 'id,first,last,dob,mail,tel\n1,"A,B,,,\n');
    expect((await failure(readRecords([open], { format: 'csv', mapping }))).message).toBe(
      `${open}:2: a quoted field is never closed`,
    );
  });
});

describe('readRecords (NDJSON)', () => {
  it('validates PersonRecords without a mapping and names the failing field', async () => {
    const path = file(
      'people.ndjson',
      '{"recordId":"crm:1","source":"crm","sourceRecordId":"1","givenName":"Ann"}\n{"recordId":"crm:2","source":"crm","sourceRecordId":"2","emails":[{"address":""}]}\n',
    );
    const error = await failure(readRecords([path], { format: 'ndjson', mapping: undefined }));
    expect(error.message).toContain(`${path}:2: field emails.0.address: `);
  });
  it('maps flat objects with a mapping and reports broken JSON by line', async () => {
    const flat = file('flat.ndjson', '{"id":7,"first":"Ann","dob":"1980-01-02"}\n');
    const { records } = await readRecords([flat], {
      format: 'ndjson',
      mapping: loadMapping(inline, { source: 'f' }),
    });
    expect(records[0]).toMatchObject({ recordId: '7', givenName: 'Ann', birthDate: '1980-01-02' });
    const broken = file('broken.ndjson', '{"id":1}\n{"id":\n');
    const error = await failure(
      readRecords([broken], { format: 'ndjson', mapping: loadMapping(inline, { source: 'f' }) }),
    );
    expect(error.message).toContain(`${broken}:2: not valid JSON`);
  });
});

describe('loadMapping', () => {
  it('reads the Febrl example', () => {
    const mapping = loadMapping(new URL('../../examples/febrl-mapping.json', import.meta.url).pathname, {
      source: 'x',
    });
    expect(mapping.source).toBe('febrl');
    expect(mapping.birthDateFormat).toBe('YYYYMMDD');
    expect(mapping.fields.get('address.locality')).toEqual(['suburb']);
    expect(mapping.impossibleBirthDates).toBe('keep');
    expect(loadMapping(inline, { source: 's' }).impossibleBirthDates).toBe('invalid');
  });
  it('refuses unknown targets and a mapping without an id', () => {
    expect(() => loadMapping('recordId=id,nickname=n', { source: 's' })).toThrow(/unknown target "nickname"/);
    expect(() => loadMapping('givenName=first', { source: 's' })).toThrow(
      /neither recordId nor sourceRecordId/,
    );
    const bad = file('bad-mapping.json', '{"fields":{"recordId":"id"},"birthDateFormat":"DDMMYY"}');
    expect(() => loadMapping(bad, { source: 's' })).toThrow(/field birthDateFormat/);
    const badKeep = file('bad-keep.json', '{"fields":{"recordId":"id"},"impossibleBirthDates":"drop"}');
    expect(() => loadMapping(badKeep, { source: 's' })).toThrow(/field impossibleBirthDates/);
  });
  it('lets a target take several columns', () => {
    const mapping = loadMapping('recordId=id,email=home,email=work,card:rewards=card', { source: 's' });
    expect(mapping.fields.get('email')).toEqual(['home', 'work']);
  });
});

describe('data engineers’ files', () => {
  it('builds one target from several columns: a birth date from year, month and day, a name from two', async () => {
    const path = file(
      'german.csv',
      'id,vorname,nachname,jahr,monat,tag\n1,Anna Maria,Müller,1921,3,7\n2,Karl,,1899,,\n3,Eva,Lang,NA,NA,NA\n',
    );
    const mapping = loadMapping(
      'recordId=id,fullName=vorname,fullName=nachname,birthDate=jahr,birthDate=monat,birthDate=tag',
      {
        source: 's',
      },
    );
    const { records } = await readRecords([path], { format: 'csv', mapping });
    expect(records.map((r) => [r.fullName, r.birthDate])).toEqual([
      ['Anna Maria Müller', '1921-03-07'],
      ['Karl', '1899'],
      ['Eva Lang', undefined],
    ]);
  });

  it('treats missing-value markers as missing, the defaults or the mapping’s own', async () => {
    const path = file('markers.csv', 'id,first,mail\n1,NA,null\n2,-,a@b.org\n3,Ann,n/a\n');
    const { records } = await readRecords([path], {
      format: 'csv',
      mapping: loadMapping('recordId=id,givenName=first,email=mail', { source: 's' }),
    });
    expect(records.map((r) => [r.givenName, r.emails.length])).toEqual([
      [undefined, 0],
      [undefined, 1],
      ['Ann', 0],
    ]);
    const own = loadMapping('recordId=id,givenName=first', { source: 's' }, { missingValues: ['unknown'] });
    const kept = await readRecords([path], { format: 'csv', mapping: own });
    expect(kept.records[0]!.givenName).toBe('NA');
  });

  it('maps extra columns as attributes with the comparison kind the mapping names', async () => {
    const json = file(
      'attributes.json',
      JSON.stringify({
        fields: { recordId: 'id', 'attribute:birthplace': 'ort', 'attribute:gender': 'sex' },
        attributes: { birthplace: { kind: 'jaro-winkler', close: 0.9 } },
      }),
    );
    const mapping = loadMapping(json, { source: 's' });
    expect(mapping.attributes).toEqual([
      { name: 'birthplace', kind: 'jaro-winkler', close: 0.9 },
      { name: 'gender', kind: 'exact' },
    ]);
    const path = file('attributes.csv', 'id,ort,sex\n1,Lindau,F\n2,,M\n');
    const { records } = await readRecords([path], { format: 'csv', mapping });
    expect(records.map((r) => r.attributes)).toEqual([
      { birthplace: 'Lindau', gender: 'F' },
      { gender: 'M' },
    ]);
    const unmapped = file(
      'unmapped.json',
      JSON.stringify({ fields: { recordId: 'id' }, attributes: { x: { kind: 'exact' } } }),
    );
    expect(() => loadMapping(unmapped, { source: 's' })).toThrow(/no column is mapped to attribute:x/);
    const badKind = file(
      'bad-kind.json',
      JSON.stringify({ fields: { recordId: 'id' }, attributes: { x: { kind: 'soundex' } } }),
    );
    expect(() => loadMapping(badKind, { source: 's' })).toThrow(/attributes\.x\.kind/);
  });
});
