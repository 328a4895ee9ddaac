import { fold, tokens } from './text.ts';

// Forms of address and suffixes that say nothing about which person: dropped wherever they stand.
const HONORIFICS: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'master',
  'dr',
  'doctor',
  'prof',
  'professor',
  'sir',
  'dame',
  'lady',
  'lord',
  'rev',
  'revd',
  'reverend',
  'fr',
  'hon',
  'esq',
  'jr',
  'jnr',
  'sr',
  'snr',
  'junior',
  'senior',
  'ii',
  'iii',
  'iv',
  'phd',
  'md',
]);

// Peerages and their ordinals ("1st Baron Raglan", "Duke of Wellington") follow a name: cut from there on.
const PEERAGE: ReadonlySet<string> = new Set([
  'baron',
  'baroness',
  'baronet',
  'bt',
  'earl',
  'count',
  'countess',
  'viscount',
  'viscountess',
  'duke',
  'duchess',
  'marquess',
  'marquis',
  'marchioness',
]);
const ORDINAL_RE = /^\d+(st|nd|rd|th)$/;

// Particles that belong to the family name that follows them (Ludwig van Beethoven, Vincent de Paul, Bill Ó
// Súilleabháin), as they do when written in the family-name field.
const PARTICLES: ReadonlySet<string> = new Set([
  'o',
  'mac',
  'mc',
  'st',
  'dos',
  'das',
  'van',
  'von',
  'der',
  'den',
  'de',
  'da',
  'di',
  'du',
  'del',
  'della',
  'le',
  'la',
  'ten',
  'ter',
  'bin',
  'ibn',
  'al',
  'el',
]);

/** The folded words of a name without honorifics, and without a peerage title after it. */
export function nameTokens(raw: string | undefined): string[] {
  const out: string[] = [];
  for (const t of tokens(fold(raw))) {
    if (out.length > 0 && (PEERAGE.has(t) || ORDINAL_RE.test(t))) break;
    if (!HONORIFICS.has(t)) out.push(t);
  }
  return out;
}

/**
 * A display name with no split into given and family name: "Family, Given ..." when it has a comma, else the
 * last word (with the particles before it) is the family name and every word before it the given names.
 */
export function splitFullName(raw: string): { given: string[]; family: string[] } {
  const comma = raw.indexOf(',');
  let name = raw;
  if (comma > 0) {
    const after = tokens(fold(raw.slice(comma + 1)));
    // "Given Family, 1st Baron Place": what follows the comma is a title, not given names.
    if (after.length > 0 && (PEERAGE.has(after[0]!) || ORDINAL_RE.test(after[0]!)))
      name = raw.slice(0, comma);
    else {
      const family = nameTokens(raw.slice(0, comma));
      const given = nameTokens(raw.slice(comma + 1));
      if (family.length > 0 && given.length > 0) return { given, family };
    }
  }
  const all = nameTokens(name);
  if (all.length <= 1) return { given: all, family: [] };
  let start = all.length - 1;
  while (start > 1 && PARTICLES.has(all[start - 1]!)) start--;
  return { given: all.slice(0, start), family: all.slice(start) };
}
