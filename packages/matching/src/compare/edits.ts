import { distance } from 'fastest-levenshtein';

/** One substitution, insertion, deletion, or two neighbouring characters swapped: the usual typing slips. */
export function withinOneTypo(a: string, b: string): boolean {
  if (a === b) return true;
  const dl = a.length - b.length;
  if (dl > 1 || dl < -1) return false;
  if (dl === 0) {
    let first = -1;
    let diffs = 0;
    for (let i = 0; i < a.length; i++) {
      if (a.charCodeAt(i) !== b.charCodeAt(i)) {
        if (diffs === 0) first = i;
        diffs++;
        if (diffs > 2) return false;
      }
    }
    if (diffs <= 1) return true;
    return a[first] === b[first + 1] && a[first + 1] === b[first];
  }
  return distance(a, b) === 1;
}
