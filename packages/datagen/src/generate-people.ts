import type { PersonRecord } from '@rapport/contracts';
import { createRandom, type Random } from './random/random.ts';
import { weightedPicker } from './random/weighted.ts';
import { windowShuffle } from './random/window-shuffle.ts';
import {
  drawFamilyName,
  drawHousehold,
  drawLandline,
  drawPerson,
  IssuedNames,
} from './person/draw-person.ts';
import type { TruePerson } from './person/true-person.ts';
import { TOWNS } from './vocab/places.ts';
import {
  SOURCE_NAMES,
  sourceRecordIdAllocator,
  type RecordContext,
  type SourceName,
} from './record/record-context.ts';
import { loyaltyRecord } from './record/loyalty-record.ts';
import { crmRecord } from './record/crm-record.ts';
import { socialRecord } from './record/social-record.ts';

export interface GenerateOptions {
  seed: number;
  /** How many true people to draw. */
  people: number;
  /** Stop after this many records even if people remain (the last person may be cut short). */
  maxRecords?: number;
  /**
   * Relative weights of how many extra records a person has: index 0 = a single record, index 1 = one duplicate...
   * Default [0.5, 0.25, 0.13, 0.07, 0.03, 0.02]: a mean of about 1.9 records per person.
   */
  duplicatesPerPerson?: readonly number[];
  /** Relative weight of each source; default loyalty 0.5, crm 0.3, social 0.2. A zero or missing source is never drawn. */
  sources?: Partial<Record<SourceName, number>>;
  /** Scales every corruption probability: 0 gives clean copies, 1 the default mix, 2 a very dirty file. */
  noise?: number;
  /**
   * Records of one person come out near each other; they are shuffled within a window of this many records
   * (memory stays bounded). 0 turns shuffling off. Default 2000.
   */
  shuffleWindow?: number;
}

/** One generated record with its ground truth. */
export interface GeneratedRecord {
  record: PersonRecord;
  personId: string;
  householdId: string;
}

const DEFAULT_DUPLICATES = [0.5, 0.25, 0.13, 0.07, 0.03, 0.02] as const;
const DEFAULT_SOURCES: Record<SourceName, number> = { loyalty: 0.5, crm: 0.3, social: 0.2 };
const HOUSEHOLD_SIZES = weightedPicker([1, 2, 3, 4, 5], [0.34, 0.34, 0.15, 0.13, 0.04]);
const STORE_COUNT = 40;

/** The mean number of records per person for a duplicates distribution: to size a run by records. */
export function meanRecordsPerPerson(duplicatesPerPerson: readonly number[] = DEFAULT_DUPLICATES): number {
  const total = duplicatesPerPerson.reduce((a, b) => a + b, 0);
  return duplicatesPerPerson.reduce((sum, w, extra) => sum + (w / total) * (1 + extra), 0);
}

function checkOptions(options: GenerateOptions): void {
  if (!Number.isInteger(options.seed)) throw new RangeError('seed must be an integer');
  if (!Number.isInteger(options.people) || options.people < 0)
    throw new RangeError('people must be a non-negative integer');
  if (options.maxRecords !== undefined && !(options.maxRecords >= 0))
    throw new RangeError('maxRecords must be >= 0');
  if (options.noise !== undefined && !(options.noise >= 0)) throw new RangeError('noise must be >= 0');
}

function drawRecord(
  ctx: RecordContext,
  source: SourceName,
  person: TruePerson,
  accountIndex: number,
): PersonRecord {
  switch (source) {
    case 'loyalty':
      return loyaltyRecord(ctx, person, accountIndex);
    case 'crm':
      return crmRecord(ctx, person);
    case 'social':
      return socialRecord(ctx, person, accountIndex);
  }
}

// A second account in the same system is rarer than a record in another one (most duplicates come from
// meeting the brand through another channel). A second loyalty membership (a new card because the old one
// was forgotten) is rare: about 1% of members; the programme's own sign-up checks catch the rest.
const REPEAT_SOURCE_FACTOR: Record<SourceName, number> = { loyalty: 0.006, crm: 0.3, social: 0.3 };

function pickSource(
  random: Random,
  sources: readonly SourceName[],
  weights: Partial<Record<SourceName, number>>,
  accounts: Record<SourceName, number>,
): SourceName {
  let total = 0;
  const effective = sources.map((s) => {
    const w = (weights[s] ?? 0) * (accounts[s] > 0 ? REPEAT_SOURCE_FACTOR[s] : 1);
    total += w;
    return w;
  });
  let target = random.next() * total;
  for (let i = 0; i < sources.length; i++) {
    target -= effective[i] as number;
    if (target < 0) return sources[i] as SourceName;
  }
  return sources[sources.length - 1] as SourceName;
}

/** People, household by household, each yielding its records: unshuffled. */
function* peopleRecords(options: GenerateOptions, random: Random): Generator<GeneratedRecord> {
  const sourceWeights = { ...DEFAULT_SOURCES, ...options.sources };
  const sources = SOURCE_NAMES.filter((s) => (sourceWeights[s] ?? 0) > 0);
  if (sources.length === 0) throw new RangeError('sources: at least one source needs a positive weight');
  const duplicates = options.duplicatesPerPerson ?? DEFAULT_DUPLICATES;
  const extraRecords = weightedPicker(
    duplicates.map((_, i) => i),
    duplicates,
  );

  const storeRandom = random.fork('stores');
  const storePhones = Array.from({ length: STORE_COUNT }, () =>
    drawLandline(storeRandom, storeRandom.pick(TOWNS).areaCode),
  );
  const ctx: RecordContext = {
    random,
    noise: options.noise ?? 1,
    storePhones,
    nextSourceRecordId: sourceRecordIdAllocator(),
  };

  const issued = new IssuedNames();
  let personIndex = 0;
  let householdIndex = 0;
  while (personIndex < options.people) {
    householdIndex += 1;
    const household = drawHousehold(random, `H${String(householdIndex).padStart(8, '0')}`);
    const size = Math.min(HOUSEHOLD_SIZES.pick(random), options.people - personIndex);
    const householdName = drawFamilyName(random);
    let first: TruePerson | undefined;
    const givenNames: string[] = [];
    for (let member = 0; member < size; member++) {
      personIndex += 1;
      // Most households share a surname; partners and lodgers often do not.
      const familyName = member === 0 || random.chance(0.75) ? householdName : drawFamilyName(random);
      const person = drawPerson(
        random,
        `P${String(personIndex).padStart(8, '0')}`,
        household,
        familyName,
        issued,
        givenNames,
      );
      givenNames.push(person.givenName);
      // A family email shared between household members: a realistic false-match trap.
      if (first !== undefined && random.chance(0.06)) person.email = first.email;
      first ??= person;

      const count = 1 + extraRecords.pick(random);
      const accounts: Record<SourceName, number> = { loyalty: 0, crm: 0, social: 0 };
      for (let r = 0; r < count; r++) {
        const source = pickSource(random, sources, sourceWeights, accounts);
        const record = drawRecord(ctx, source, person, accounts[source]);
        accounts[source] += 1;
        yield { record, personId: person.personId, householdId: household.householdId };
      }
    }
  }
}

/**
 * Realistic person records with ground truth, generated lazily: memory stays flat however many are asked
 * for (the only buffer is the shuffle window). The same options always give the same records in the same order.
 */
export function* generatePeople(options: GenerateOptions): Generator<GeneratedRecord> {
  checkOptions(options);
  const random = createRandom(options.seed);
  const shuffle = random.fork('shuffle');
  const limit = options.maxRecords ?? Number.POSITIVE_INFINITY;
  yield* windowShuffle(shuffle, options.shuffleWindow ?? 2000, peopleRecords(options, random), limit);
}
