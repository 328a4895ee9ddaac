import gammaln from '@stdlib/math-base-special-gammaln';

/** ln Γ(x), from stdlib (a port of the FreeBSD/Boost algorithms: full double precision). */
export const lnGamma: (x: number) => number = gammaln;

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function lnBeta(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/** ln(eᵃ + eᵇ) without overflow. */
export function logSumExp(a: number, b: number): number {
  const m = Math.max(a, b);
  if (m === -Infinity) return -Infinity;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

const MAX_TERMS = 1_000_000;

// Past this size the running term and sum are divided by it and the exponent takes it (2^500 ≈ 3e150): far
// from overflow even after the largest ratio times the largest term.
const RESCALE = 2 ** 500;
const LN_RESCALE = 500 * Math.LN2;

/**
 * e^logScale · ₂F₁(a, b; c; z) for 0 ≤ z < 1, by the defining series Σₖ (a)ₖ(b)ₖ / ((c)ₖ k!) zᵏ. No
 * maintained npm package provides ₂F₁ (stdlib has none), so it is summed here. The running term and the
 * sum are kept relative to e^exponent, which starts at logScale and grows by 2^500 whenever the term
 * passes that: a huge series times a tiny prefactor (BG/NBD with large parameters) neither overflows nor
 * underflows, and each term costs a multiplication (a logarithm and an exponential per term, as it was
 * summed before, were most of scoring's time in the value model: CLV sums a series per period). It stops
 * when a bound on the whole remaining tail is below 1e-16 of the sum: the term ratio
 * r(k) = (a+k)(b+k)z/((c+k)(k+1)) is a product of two factors that each tend monotonically to 1, so
 * z·max(1, factor₁)·max(1, factor₂) bounds every later ratio, and the tail is at most term·U/(1 − U).
 */
export function scaledHyp2f1(a: number, b: number, c: number, z: number, logScale = 0): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1 needs 0 <= z < 1, got ${z}`);
  let exponent = logScale;
  let term = 1;
  let sum = 1;
  for (let k = 0; k < MAX_TERMS; k++) {
    const ratio = ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    if (ratio === 0) return sum * Math.exp(exponent); // a or b a non-positive integer: a polynomial
    term *= ratio;
    if (Math.abs(term) > RESCALE) {
      term /= RESCALE;
      sum /= RESCALE;
      exponent += LN_RESCALE;
    }
    sum += term;
    const j = k + 1;
    if (a + j > 0 && b + j > 0 && c + j > 0) {
      const bound = z * Math.min(tailFactor(a, j, b, c), tailFactor(b, j, a, c));
      if (bound < 1 && (Math.abs(term) * bound) / (1 - bound) <= 1e-16 * Math.abs(sum))
        return sum * Math.exp(exponent);
    }
  }
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge in ${MAX_TERMS} terms`);
}

/** max(1, (x+j)/(j+1)) · max(1, (y+j)/(c+j)): bounds the ratio's factors for every index from j on. */
function tailFactor(x: number, j: number, y: number, c: number): number {
  return Math.max(1, (x + j) / (j + 1)) * Math.max(1, (y + j) / (c + j));
}

/** ₂F₁(a, b; c; z) for 0 ≤ z < 1. */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  return scaledHyp2f1(a, b, c, z, 0);
}
