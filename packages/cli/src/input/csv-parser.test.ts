import { describe, expect, it } from 'vitest';
import { createCsvLineParser } from './csv-parser.ts';

function parse(lines: string[]): (string[] | undefined)[] {
  const parser = createCsvLineParser();
  return lines.map((line) => parser.feed(line));
}

describe('createCsvLineParser', () => {
  it('splits plain fields and keeps empty ones', () => {
    expect(parse(['a,b,,d,'])).toEqual([['a', 'b', '', 'd', '']]);
  });
  it('reads quoted fields with commas and doubled quotes', () => {
    expect(parse(['"Smith, John","said ""hi""",x'])).toEqual([['Smith, John', 'said "hi"', 'x']]);
  });
  it('joins a quoted field across lines', () => {
    const parser = createCsvLineParser();
    expect(parser.feed('1,"12 High St')).toBeUndefined();
    expect(parser.pending).toBe(true);
    expect(parser.feed('Flat 2",Leeds')).toEqual(['1', '12 High St\nFlat 2', 'Leeds']);
    expect(parser.pending).toBe(false);
  });
  it('allows spaces before an opening quote (Febrl style) and keeps quotes inside unquoted fields', () => {
    expect(parse(['a, "b, c", d"e'])).toEqual([['a', 'b, c', ' d"e']]);
  });
  it('takes another delimiter', () => {
    const parser = createCsvLineParser(';');
    expect(parser.feed('a;"b;c";d')).toEqual(['a', 'b;c', 'd']);
  });
});
