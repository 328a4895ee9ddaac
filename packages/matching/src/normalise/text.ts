// Folding shared by every text field: comparisons should not care about case, accents or punctuation.

// Letters that NFKD does not decompose into a base letter plus a combining mark.
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ĸ: 'k',
  ŋ: 'n',
};
const SPECIAL_RE = /[ßæœøđðþłıĸŋ]/g;
const MARKS_RE = /\p{M}+/gu;
const NON_ALNUM_RE = /[^\p{L}\p{N}]+/gu;
const ASCII_CLEAN_RE = /^[a-z0-9 ]*$/;

/** Lower case, no diacritics, punctuation turned into single spaces, trimmed. */
export function fold(input: string | undefined): string {
  if (input === undefined) return '';
  const lower = input.toLowerCase();
  // Most values are plain ASCII already; skipping NFKD for them keeps preparation of a million records cheap.
  if (ASCII_CLEAN_RE.test(lower) && !lower.includes('  ')) return lower.trim();
  return lower
    .normalize('NFKD')
    .replace(MARKS_RE, '')
    .replace(SPECIAL_RE, (c) => SPECIAL_LETTERS[c] ?? c)
    .replace(NON_ALNUM_RE, ' ')
    .trim();
}

export function tokens(folded: string): string[] {
  return folded === '' ? [] : folded.split(' ');
}

// Soundex digit per letter a..z ('0' for letters that take none: vowels, h, w, y).
const SOUNDEX_DIGITS = '01230120022455012623010202';
const A = 0x61;
const Z = 0x7a;
const H = 0x68;
const W = 0x77;
const NONE = 0x30;

/**
 * Soundex code, used only to build blocking keys that survive a typo in the middle of a name. Letters
 * other than a-z are skipped; walked by character code, as it runs for every name of every record.
 */
export function soundex(folded: string): string {
  let first = -1;
  let i = 0;
  for (; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c >= A && c <= Z) {
      first = c;
      break;
    }
  }
  if (first < 0) return '';
  const codes = [0, 0, 0];
  let n = 0;
  let last = SOUNDEX_DIGITS.charCodeAt(first - A);
  for (i++; i < folded.length && n < 3; i++) {
    const c = folded.charCodeAt(i);
    if (c < A || c > Z) continue;
    const code = SOUNDEX_DIGITS.charCodeAt(c - A);
    if (code !== NONE && code !== last) codes[n++] = code;
    // h and w do not separate equal codes; vowels do.
    if (c !== H && c !== W) last = code;
  }
  return String.fromCharCode(first, codes[0] || NONE, codes[1] || NONE, codes[2] || NONE);
}
