import type { Random } from '../random/random.ts';

// Spellings a clerk writes for one sound, each way round: a transcription, not a keyboard slip.
const GERMAN_VARIANTS: readonly (readonly [string, string])[] = [
  ['ä', 'ae'],
  ['ö', 'oe'],
  ['ü', 'ue'],
  ['ß', 'ss'],
  ['ph', 'f'],
  ['th', 't'],
  ['dt', 't'],
  ['ck', 'k'],
  ['tz', 'z'],
  ['ei', 'ai'],
  ['ey', 'ei'],
  ['mm', 'm'],
  ['nn', 'n'],
  ['ll', 'l'],
  ['ie', 'i'],
  ['c', 'k'],
  ['y', 'i'],
];

const ENGLISH_VARIANTS: readonly (readonly [string, string])[] = [
  ['ph', 'f'],
  ['y', 'i'],
  ['ie', 'y'],
  ['ck', 'k'],
  ['ou', 'ow'],
  ['ai', 'ay'],
  ['ea', 'ee'],
  ['son', 'sen'],
  ['mm', 'm'],
  ['ll', 'l'],
  ['tt', 't'],
  ['e', 'a'],
];

// Characters an OCR pass or a hurried hand confuses.
const OCR_CONFUSIONS: readonly (readonly [string, string])[] = [
  ['rn', 'm'],
  ['cl', 'd'],
  ['li', 'h'],
  ['u', 'n'],
  ['e', 'c'],
  ['o', 'a'],
  ['i', 'l'],
];

function applyOne(random: Random, value: string, table: readonly (readonly [string, string])[]): string {
  const lower = value.toLowerCase();
  const options: { at: number; from: string; to: string }[] = [];
  for (const [a, b] of table) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const at = lower.indexOf(from);
      if (at >= 0) options.push({ at, from, to });
    }
  }
  if (options.length === 0) return value;
  const { at, from, to } = random.pick(options);
  const original = value.slice(at, at + from.length);
  const replaced =
    original === original.toUpperCase() && original !== original.toLowerCase() ? to.toUpperCase() : to;
  // The first letter keeps its case when the replacement starts the word.
  const fixed =
    at === 0 && original[0] !== original[0]?.toLowerCase()
      ? replaced[0]!.toUpperCase() + replaced.slice(1)
      : replaced;
  return value.slice(0, at) + fixed + value.slice(at + from.length);
}

/** One spelling of the same sound in German ("Müller" -> "Mueller", "Schmidt" -> "Schmit"), or the value unchanged. */
export function germanSpelling(random: Random, value: string): string {
  return applyOne(random, value, GERMAN_VARIANTS);
}

/** One spelling of the same sound in English ("Philips" -> "Filips", "Thomson" -> "Thomsen"). */
export function englishSpelling(random: Random, value: string): string {
  return applyOne(random, value, ENGLISH_VARIANTS);
}

/** One misread character group ("Burns" -> "Bums", "Clark" -> "Dark"). */
export function misread(random: Random, value: string): string {
  return applyOne(random, value, OCR_CONFUSIONS);
}
