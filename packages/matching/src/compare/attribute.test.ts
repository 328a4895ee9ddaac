import { describe, expect, it } from 'vitest';
import { person, population } from '../fixtures/person.fixture.ts';
import { compileModel, termFrequencyWeight } from '../model/compiled.ts';
import { loadModel, serialiseModel } from '../model/serialise.ts';
import { trainModel } from '../model/train.ts';
import type { AttributeSpec } from '../normalise/attributes.ts';
import { DEFAULT_NORMALISE } from '../normalise/options.ts';
import { prepareRecord } from '../normalise/prepare.ts';
import { attributeComparison } from './attribute.ts';

function level(spec: AttributeSpec, x: string | undefined, y: string | undefined): string {
  const normalise = { ...DEFAULT_NORMALISE, attributes: [spec] };
  const attrs = (v: string | undefined) => (v === undefined ? {} : { attributes: { [spec.name]: v } });
  const a = prepareRecord(person('a', attrs(x)), normalise);
  const b = prepareRecord(person('b', attrs(y)), normalise);
  const def = attributeComparison(spec, 0);
  expect(def.compare(b, a)).toBe(def.compare(a, b));
  return def.levels[def.compare(a, b)]!;
}

describe('extra attributes', () => {
  it.each<[AttributeSpec, string | undefined, string | undefined, string]>([
    [{ name: 'gender', kind: 'exact' }, 'F', 'f', 'exact'],
    [{ name: 'gender', kind: 'exact' }, 'F', 'M', 'different'],
    [{ name: 'gender', kind: 'exact' }, 'F', undefined, 'missing'],
    [{ name: 'job', kind: 'edit-distance' }, 'baker', 'bakers', 'close'],
    [{ name: 'job', kind: 'edit-distance' }, 'baker', 'barkers', 'far'],
    [{ name: 'place', kind: 'jaro-winkler' }, 'Lindau', 'Lindaw', 'close'],
    [{ name: 'place', kind: 'jaro-winkler' }, 'Lindau', 'Bremen', 'different'],
    [{ name: 'height', kind: 'numeric', close: 2, far: 10 }, '180', '181.5', 'close'],
    [{ name: 'height', kind: 'numeric', close: 2, far: 10 }, '180', '172', 'far'],
    [{ name: 'height', kind: 'numeric' }, '180', 'tall', 'missing'],
    [{ name: 'joined', kind: 'date' }, '2020-01-01', '2020-01-02', 'close'],
    [{ name: 'joined', kind: 'date' }, '2020-01-01', '2020-01-20', 'far'],
    [{ name: 'joined', kind: 'date' }, '2020-01-01', '2021-06-01', 'different'],
  ])('%j: %s vs %s is %s', (spec, x, y, expected) => expect(level(spec, x, y)).toBe(expected));

  it('are trained by EM and term-frequency adjusted like the built-in comparisons, and saved with the model', () => {
    const spec: AttributeSpec = { name: 'birthplace', kind: 'jaro-winkler' };
    const places = ['lindau', 'kempten', 'ulm', 'augsburg', 'passau', 'hof'];
    // Each person has one birthplace on all their records; "ulm" is the common one.
    const records = population(4, 200).map((r) => {
      const person = Number(/\d+/.exec(r.recordId.split('-')[0]!)?.[0] ?? 0);
      return { ...r, attributes: { birthplace: person % 3 === 0 ? 'ulm' : places[person % places.length]! } };
    });
    const model = trainModel(records, { seed: 2, uSamplePairs: 20_000, normalise: { attributes: [spec] } });
    const c = model.comparisons.find((x) => x.name === 'attribute:birthplace')!;
    expect(c.levels.map((l) => l.label)).toEqual(['missing', 'exact', 'close', 'far', 'different']);
    expect(c.levels[1]!.m).not.toBe(0.8);
    expect(c.tf?.counts['ulm']).toBeGreaterThan(1);
    const cm = compileModel(model);
    const k = model.comparisons.indexOf(c);
    expect(termFrequencyWeight(cm, k, 'ulm')).toBeLessThan(termFrequencyWeight(cm, k, 'passau'));
    expect(loadModel(serialiseModel(model))).toEqual(model);
  });
});
