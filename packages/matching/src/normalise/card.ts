import type { NormaliseOptions } from './options.ts';

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits) || digits.length < 2) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * `program:number`, or undefined when the number fails the programme's check digit or length (a typo
 * must give neither the certainty of a shared card nor the veto of two different cards).
 */
export function normaliseCard(program: string, number: string, opts: NormaliseOptions): string | undefined {
  const prog = program.trim().toLowerCase();
  const num = number.replace(/[\s-]+/g, '').toUpperCase();
  if (num === '' || opts.junk.cards.includes(num)) return undefined;
  const rule = opts.cardPrograms[prog];
  if (rule?.luhn === true && !luhnValid(num)) return undefined;
  if (rule?.length !== undefined && num.length !== rule.length) return undefined;
  return `${prog}:${num}`;
}

export function cardProgram(key: string): string {
  return key.slice(0, key.indexOf(':'));
}
