import { hyp2f1, lnBeta, lnGamma, logSumExp } from './special-functions.ts';

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
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: BgNbdCustomer): number {
  const common = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + lnBeta(a, b + x) - lnBeta(a, b);
  const stillAlive = -(r + x) * Math.log(alpha + T);
  if (x === 0) return common + stillAlive;
  const droppedOut = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return common + logSumExp(stillAlive, droppedOut);
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
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)] / (1 + [x>0]·odds),
 *   z = t/(α+T+t).
 * Euler's transform ₂F₁(A, B; C; z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z) turns the bracket into
 *   1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z),
 * whose series has small parameters for any x (no overflow of (r+x)ₖ for heavy buyers).
 */
export function expectedPurchases(params: BgNbdParams, customer: BgNbdCustomer, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = params;
  const { x, T } = customer;
  const z = t / (alpha + T + t);
  const bracket = 1 - Math.pow(1 - z, a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  return (((a + b + x - 1) / (a - 1)) * bracket) / (1 + dropoutOdds(params, customer));
}

/**
 * E[X(t)] for a customer just acquired:
 * (a+b−1)/(a−1) · [1 − (α/(α+t))ʳ ₂F₁(r, b; a+b−1; t/(α+t))], through the same Euler transform.
 */
export function expectedPurchasesOfNewCustomer(params: BgNbdParams, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + t);
  const bracket = 1 - Math.pow(1 - z, a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b - 1, z);
  return ((a + b - 1) / (a - 1)) * bracket;
}
