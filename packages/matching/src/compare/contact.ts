import { emailLocalPart } from '../normalise/email.ts';
import { withinOneTypo } from './edits.ts';
import { MISSING, type ComparisonDef } from './levels.ts';

const EXACT = 1;
const CLOSE = 2;
const DIFFERENT = 3;

/** Best level over every pair of values: people have several addresses and numbers, one shared is enough. */
function bestOf(
  xs: readonly string[],
  ys: readonly string[],
  close: (x: string, y: string) => boolean,
): number {
  if (xs.length === 0 || ys.length === 0) return MISSING;
  let best = DIFFERENT;
  for (const x of xs) {
    for (const y of ys) {
      if (x === y) return EXACT;
      if (best === DIFFERENT && close(x, y)) best = CLOSE;
    }
  }
  return best;
}

function emailsClose(x: string, y: string): boolean {
  const lx = emailLocalPart(x);
  // Same mailbox name at another provider, or one slip in the address.
  return (lx.length >= 4 && lx === emailLocalPart(y)) || withinOneTypo(x, y);
}

function phonesClose(x: string, y: string): boolean {
  // The same subscriber number read with different country codes, or one digit mistyped.
  return (x.length >= 9 && y.length >= 9 && x.slice(-9) === y.slice(-9)) || withinOneTypo(x, y);
}

export const email: ComparisonDef = {
  name: 'email',
  levels: ['missing', 'exact', 'close', 'different'],
  initialM: [0, 0.85, 0.05, 0.1],
  describe: (r) => r.emails.join(' '),
  compare: (a, b) => bestOf(a.emails, b.emails, emailsClose),
};

export const phone: ComparisonDef = {
  name: 'phone',
  levels: ['missing', 'exact', 'close', 'different'],
  initialM: [0, 0.85, 0.05, 0.1],
  describe: (r) => r.phones.join(' '),
  compare: (a, b) => bestOf(a.phones, b.phones, phonesClose),
};
