import { lnBeta, lnGamma, logSumExp, scaledHyp2f1 } from './special-functions.ts';
import { sumWithTermsPerX } from './sum-by-x.ts';

/**
 * The BG/NBD model of Fader, Hardie and Lee, "Counting Your Customers the Easy Way: An Alternative to
 * the Pareto/NBD Model", Marketing Science 24(2), 2005. While alive a customer buys as a Poisson process
 * with rate λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One customer in the model's time unit: x repeat purchases, the last at tx, observed for T since the first. */
export interface BgNbdCustomer {
  x: number;
  tx: number;
  T: number;
}

/**
 * ln L(r, α, a, b | x, tx, T), the paper's individual likelihood:
 * L = B(a, b+x)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+T)^(r+x))
 *   + [x > 0] · B(a+1, b+x−1)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+tx)^(r+x)).
 * With B(a+1, b+x−1)/B(a, b+x) = a/(b+x−1), the second term is the first times a/(b+x−1)·((α+T)/(α+tx))^(r+x).
 */
export function bgNbdLogLikelihood(params: BgNbdParams, customer: BgNbdCustomer): number {
  return fromTerms(params, termsOfX(params, customer.x), customer);
}

/** Σ weight · ln L over customers. */
export function bgNbdTotalLogLikelihood(
  params: BgNbdParams,
  customers: Iterable<{ customer: BgNbdCustomer; weight: number }>,
): number {
  return sumWithTermsPerX(
    customers,
    (x) => termsOfX(params, x),
    (terms, c) => fromTerms(params, terms, c),
  );
}

interface XTerms {
  /** ln[B(a, b+x)/B(a, b) · Γ(r+x)αʳ/Γ(r)]. */
  common: number;
  /** ln[a/(b+x−1)], for x > 0. */
  dropout: number;
}

function termsOfX({ r, alpha, a, b }: BgNbdParams, x: number): XTerms {
  return {
    common: lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + lnBeta(a, b + x) - lnBeta(a, b),
    dropout: x === 0 ? -Infinity : Math.log(a) - Math.log(b + x - 1),
  };
}

function fromTerms({ r, alpha }: BgNbdParams, terms: XTerms, { x, tx, T }: BgNbdCustomer): number {
  const stillAlive = -(r + x) * Math.log(alpha + T);
  if (x === 0) return terms.common + stillAlive;
  return terms.common + logSumExp(stillAlive, terms.dropout - (r + x) * Math.log(alpha + tx));
}

/** a/(b+x−1) · ((α+T)/(α+tx))^(r+x): the odds of having dropped out after the last purchase. */
function dropoutOdds({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: BgNbdCustomer): number {
  if (x === 0) return 0;
  return (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x);
}

/** P(alive | x, tx, T) = 1/(1 + [x>0]·odds) (Fader, Hardie and Lee, "Computing P(alive) using the BG/NBD model", 2008). */
export function probabilityAlive(params: BgNbdParams, customer: BgNbdCustomer): number {
  return 1 / (1 + dropoutOdds(params, customer));
}

/**
 * E[Y(t) | x, tx, T]: expected purchases in the next t time units (the paper's conditional expectation):
 *   (a+b+x−1)/(a−1) · [1 − (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)] / (1 + [x>0]·odds),
 *   z = t/(α+T+t), since (α+T)/(α+T+t) = 1 − z.
 * Euler's transform ₂F₁(A, B; C; z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z) gives the same bracket as
 *   1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z).
 * Both are exact; the series takes about as many terms as its largest upper parameter times z/(1−z),
 * so the transformed one is summed for heavy buyers (x large, a small: the usual case) and the direct
 * one when a is the larger (a nearly homogeneous dropout rate). At a = 1 the expression is 0/0; a is
 * moved by 1e-9, where it is continuous.
 */
export function expectedPurchases(params: BgNbdParams, customer: BgNbdCustomer, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, b } = params;
  const a = Math.abs(params.a - 1) < 1e-9 ? 1 + 1e-9 : params.a;
  const { x, T } = customer;
  const z = t / (alpha + T + t);
  const log1mz = Math.log1p(-z);
  const c = a + b + x - 1;
  const scaled =
    a - 1 <= r + x
      ? scaledHyp2f1(a + b - 1 - r, a - 1, c, z, (a - 1) * log1mz)
      : scaledHyp2f1(r + x, b + x, c, z, (r + x) * log1mz);
  return ((c / (a - 1)) * (1 - scaled)) / (1 + dropoutOdds({ ...params, a }, customer));
}

/** E[X(t)] for a customer just acquired: the conditional expectation at x = tx = T = 0. */
export function expectedPurchasesOfNewCustomer(params: BgNbdParams, t: number): number {
  return expectedPurchases(params, { x: 0, tx: 0, T: 0 }, t);
}
