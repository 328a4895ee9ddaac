import { lnGamma } from './special-functions.ts';
import { sumWithTermsPerX } from './sum-by-x.ts';

/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie and Lee, "RFM and CLV: Using Iso-Value
 * Curves for Customer Base Analysis", Journal of Marketing Research 42(4), 2005; Fader and Hardie, "The
 * Gamma-Gamma Model of Monetary Value", 2013). A customer's transactions are Gamma(p, ν) with
 * ν ~ Gamma(q, γ) across customers; spend is assumed independent of the purchase process.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** One customer: x repeat transactions with mean value mx (the CDNOW summary's zbar). */
export interface SpendCustomer {
  x: number;
  mx: number;
}

/**
 * ln f(mx | p, q, γ; x), the density of a customer's mean spend:
 * Γ(px+q)/(Γ(px)Γ(q)) · γ^q · mx^(px−1) · x^(px) / (γ + x·mx)^(px+q).
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, customer: SpendCustomer): number {
  return fromTerms(params, termOfX(params, customer.x), customer);
}

/** Σ weight · ln f over customers. */
export function gammaGammaTotalLogLikelihood(
  params: GammaGammaParams,
  customers: Iterable<{ customer: SpendCustomer; weight: number }>,
): number {
  return sumWithTermsPerX(
    customers,
    (x) => termOfX(params, x),
    (term, c) => fromTerms(params, term, c),
  );
}

/** ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + px ln x. */
function termOfX({ p, q, gamma }: GammaGammaParams, x: number): number {
  const px = p * x;
  return lnGamma(px + q) - lnGamma(px) - lnGamma(q) + q * Math.log(gamma) + px * Math.log(x);
}

function fromTerms({ p, q, gamma }: GammaGammaParams, term: number, { x, mx }: SpendCustomer): number {
  const px = p * x;
  return term + (px - 1) * Math.log(mx) - (px + q) * Math.log(gamma + x * mx);
}

/** E[Z] = pγ/(q−1): the population's mean spend per transaction (q > 1). */
export function populationMeanSpend({ p, q, gamma }: GammaGammaParams): number {
  return (p * gamma) / (q - 1);
}

/**
 * E[M | p, q, γ, mx, x] = (γ + x·mx)·p / (px + q − 1): a weighted mean of the population mean and the
 * customer's own mean, the customer's weight growing with x. Without repeat transactions, the population mean.
 */
export function expectedAverageSpend(params: GammaGammaParams, { x, mx }: SpendCustomer): number {
  if (x === 0) return populationMeanSpend(params);
  const { p, q, gamma } = params;
  return ((gamma + x * mx) * p) / (p * x + q - 1);
}
