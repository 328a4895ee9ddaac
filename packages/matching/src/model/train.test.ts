import { describe, expect, it } from 'vitest';
import { person, population } from '../fixtures/person.fixture.ts';
import { createPrng } from './prng.ts';
import { compileModel, termFrequencyWeight } from './compiled.ts';
import { loadModel, serialiseModel } from './serialise.ts';
import { trainModel } from './train.ts';
import { prepareRecord } from '../normalise/prepare.ts';
import { MODEL_VERSION } from './model.ts';
import { DEFAULT_BLOCKING } from '../block/rules.ts';

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const r = createPrng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('trainModel', () => {
  const records = population(7, 150);

  it('is reproducible from its seed and independent of record order', () => {
    const a = serialiseModel(trainModel(records, { seed: 42, uSamplePairs: 20_000 }));
    const b = serialiseModel(trainModel(shuffled(records, 3), { seed: 42, uSamplePairs: 20_000 }));
    expect(b).toBe(a);
  });

  it('learns that agreement is likelier among matches than among random pairs', () => {
    const model = trainModel(records, { seed: 1, uSamplePairs: 20_000 });
    for (const name of ['familyName', 'birthDate', 'email'] as const) {
      const c = model.comparisons.find((x) => x.name === name)!;
      expect(c.levels[1]!.m).toBeGreaterThan(c.levels[1]!.u * 5);
      expect(c.levels.at(-1)!.m).toBeLessThan(c.levels.at(-1)!.u);
    }
    // Roughly 2 records per person among 150 people: lambda is near (matching pairs) / (all pairs).
    const n = records.length;
    expect(model.lambda).toBeGreaterThan(50 / ((n * (n - 1)) / 2));
    expect(model.lambda).toBeLessThan(2000 / ((n * (n - 1)) / 2));
    expect(model.em.length).toBeGreaterThan(0);
  });

  it("keeps every comparison's levels ordered: exact >= close >= far >= different in match weight", () => {
    const model = trainModel(records, { seed: 1, uSamplePairs: 20_000 });
    for (const c of model.comparisons) {
      const w = c.levels.slice(1).map((l) => Math.log2(l.m / l.u));
      for (let l = 1; l < w.length; l++)
        expect(w[l], `${c.name} ${c.levels[l + 1]!.label}`).toBeLessThanOrEqual(w[l - 1]! + 1e-9);
    }
  });

  it('makes a common surname count less than a rare one', () => {
    const common = Array.from({ length: 40 }, (_, i) =>
      person(`s${i}`, { givenName: `g${i}`, familyName: 'Smith' }),
    );
    const rare = [person('z1', { givenName: 'a', familyName: 'Zielinski' })];
    const model = trainModel([...common, ...rare, ...records], { seed: 1, uSamplePairs: 20_000 });
    const cm = compileModel(model);
    const k = model.comparisons.findIndex((c) => c.name === 'familyName');
    expect(termFrequencyWeight(cm, k, 'smith')).toBeLessThan(termFrequencyWeight(cm, k, 'zielinski') - 2);
  });

  it('finds placeholder dates by their frequency and reads them as a year only', () => {
    // A register writing 1 January for every date it knows only the year of, beside real dates.
    const placeholders = Array.from({ length: 60 }, (_, i) =>
      person(`p${i}`, { givenName: `g${i}`, familyName: `f${i}`, birthDate: `${1900 + (i % 40)}-01-01` }),
    );
    const model = trainModel([...placeholders, ...records], { seed: 1, uSamplePairs: 20_000 });
    expect(model.normalise.placeholderMonthDays).toEqual(['0101']);
    const a = prepareRecord(placeholders[0]!, model.normalise);
    expect(a.birth).toEqual({ year: 1900, month: 0, day: 0, digits: '' });
    // Real dates stay dates, and the population's own dates raise no placeholder.
    expect(prepareRecord(person('x', { birthDate: '1900-03-02' }), model.normalise).birth?.digits).toBe(
      '19000302',
    );
    expect(trainModel(records, { seed: 1, uSamplePairs: 20_000 }).normalise.placeholderMonthDays).toEqual([]);
  });

  it('makes a birth date many records share count less than a rare one', () => {
    // Fewer than a placeholder would take (20 dates): a cohort, not a stand-in for unknown days.
    const cohort = Array.from({ length: 15 }, (_, i) =>
      person(`c${i}`, { givenName: `g${i}`, familyName: `f${i}`, birthDate: '1970-06-15' }),
    );
    const model = trainModel([...cohort, ...population(8, 1500)], { seed: 1, uSamplePairs: 20_000 });
    const cm = compileModel(model);
    const k = model.comparisons.findIndex((c) => c.name === 'birthDate');
    expect(termFrequencyWeight(cm, k, '19700615')).toBeLessThan(termFrequencyWeight(cm, k, '19831102') - 2);
  });

  it('tells relatives from duplicates: sessions on a shared home or landline leave its fields alone', () => {
    // 80 households of three (one surname, address and landline; own given names and birth dates), each
    // person with two records. Pairs sharing the home are relatives twice as often as duplicates.
    const given = ['anna', 'boris', 'carla', 'dmitri', 'elena', 'farid', 'greta', 'hugo', 'ines'];
    const stem = ['ab', 'bel', 'cor', 'dun', 'fen', 'gar', 'hol', 'kin', 'lor', 'mar'];
    const end = ['ton', 'sby', 'well', 'ford', 'man', 'ley', 'wood', 'ridge'];
    const records = Array.from({ length: 80 }, (_, h) => {
      const home = {
        streetNumber: String(1 + h),
        line1: `${h} mill lane`,
        locality: `town${h % 9}`,
        postcode: `P${h}`,
      };
      const landline = {
        number: `+4420${String(7000000 + h * 37).padStart(8, '0')}`,
        type: 'landline' as const,
      };
      return Array.from({ length: 3 }, (_, k) =>
        Array.from({ length: 2 }, (_, c) =>
          person(`h${h}-${k}-${c}`, {
            givenName: given[(h + 4 * k) % given.length]!,
            familyName: stem[h % 10]! + end[Math.floor(h / 10)]!,
            birthDate: `19${40 + ((h * 3 + k * 17) % 60)}-0${1 + k}-1${h % 10}`,
            addresses: [home],
            phones: [landline],
          }),
        ),
      ).flat();
    }).flat();
    // Keyed sessions only (a file this small is also compared whole, which this test is not about).
    const blocking = DEFAULT_BLOCKING.filter((rule) => rule.on.length > 0);
    const model = trainModel(records, { seed: 1, uSamplePairs: 20_000, blocking });
    const given_ = model.comparisons.find((c) => c.name === 'givenName')!;
    // Duplicates never differ in given name: `different` must be rare among matches, and so a strong
    // sign of two people (estimated from the household sessions it was half of all "matches").
    expect(given_.levels.at(-1)!.m).toBeLessThan(0.1);
    // 240 matching pairs among 480 records.
    const truth = 240 / ((480 * 479) / 2);
    expect(model.lambda).toBeLessThan(truth * 1.5);
    expect(model.lambda).toBeGreaterThan(truth / 1.5);
  });

  it('saves as versioned JSON and loads back', () => {
    const model = trainModel(records, { seed: 5, uSamplePairs: 5_000 });
    const loaded = loadModel(serialiseModel(model));
    expect(loaded).toEqual(model);
    expect(loaded.version).toBe(MODEL_VERSION);
    expect(() => loadModel({ ...model, version: 99 })).toThrow(/version/);
    expect(() => loadModel('{"format":"other"}')).toThrow(/format/);
  });
});
