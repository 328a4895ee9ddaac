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

/** Soundex code, used only to build blocking keys that survive a typo in the middle of a name. */
export function soundex(folded: string): string {
  const s = folded.replace(/[^a-z]/g, '');
  if (s === '') return '';
  const codeOf = (c: string): string => {
    if ('bfpv'.includes(c)) return '1';
    if ('cgjkqsxz'.includes(c)) return '2';
    if ('dt'.includes(c)) return '3';
    if (c === 'l') return '4';
    if ('mn'.includes(c)) return '5';
    if (c === 'r') return '6';
    return '';
  };
  let out = s[0]!;
  let last = codeOf(s[0]!);
  for (let i = 1; i < s.length && out.length < 4; i++) {
    const c = s[i]!;
    const code = codeOf(c);
    if (code !== '' && code !== last) out += code;
    // h and w do not separate equal codes; vowels do.
    if (c !== 'h' && c !== 'w') last = code;
  }
  return out.padEnd(4, '0');
}
