import { bgNbdTotalLogLikelihood, type BgNbdCustomer, type BgNbdParams } from './bg-nbd.ts';
import { gammaGammaTotalLogLikelihood, type GammaGammaParams, type SpendCustomer } from './gamma-gamma.ts';
import { nelderMead } from './nelder-mead.ts';

/** What a maximum-likelihood fit found, kept in the snapshot beside the parameters. */
export interface FitSummary<P> {
  params: P;
  /** Total log-likelihood at `params` (no penalty). */
  logLikelihood: number;
  customers: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Identical customers are counted once with a weight: the likelihood is a sum over them. Groups are
 * summed in key order, so the fit does not depend on the order customers arrive in (floating-point
 * addition is not associative, and the simplex would follow a slightly different path).
 */
function grouped<C>(customers: Iterable<C>, key: (c: C) => string): { customer: C; weight: number }[] {
  const groups = new Map<string, { customer: C; weight: number }>();
  for (const c of customers) {
    const k = key(c);
    const g = groups.get(k);
    if (g) g.weight++;
    else groups.set(k, { customer: c, weight: 1 });
  }
  return [...groups.entries()].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)).map(([, g]) => g);
}

/**
 * Maximise Σ ln L over positive parameters: Nelder–Mead on their logarithms (so every point is valid),
 * restarted from its own optimum until a restart no longer improves, because a simplex can stall early
 * on the long flat ridges these likelihoods have (BG/NBD is flat in a and b).
 */
function maximise<C>(
  groups: { customer: C; weight: number }[],
  totalLogLikelihood: (params: number[], groups: { customer: C; weight: number }[]) => number,
  start: number[],
): { params: number[]; logLikelihood: number; iterations: number; evaluations: number; converged: boolean } {
  const total = groups.reduce((s, g) => s + g.weight, 0);
  const meanNegative = (logParams: readonly number[]) =>
    -totalLogLikelihood(logParams.map(Math.exp), groups) / total;
  let x = start.map(Math.log);
  let best = Infinity;
  let iterations = 0;
  let evaluations = 0;
  let converged = false;
  for (let round = 0; round < 10; round++) {
    const result = nelderMead(meanNegative, x, { xTolerance: 1e-10, fTolerance: 1e-13 });
    iterations += result.iterations;
    evaluations += result.evaluations;
    x = result.x;
    const improved = best - result.fx;
    best = Math.min(best, result.fx);
    converged = result.converged;
    if (improved <= 1e-12) break;
  }
  return { params: x.map(Math.exp), logLikelihood: -best * total, iterations, evaluations, converged };
}

/** BG/NBD parameters by maximum likelihood, from all ones (which finds the published optimum on CDNOW). */
export function fitBgNbd(
  customers: Iterable<BgNbdCustomer>,
  start: BgNbdParams = { r: 1, alpha: 1, a: 1, b: 1 },
): FitSummary<BgNbdParams> {
  const groups = grouped(customers, (c) => `${c.x}|${c.tx}|${c.T}`);
  if (groups.length === 0) throw new RangeError('no customers to fit');
  const fit = maximise(
    groups,
    ([r, alpha, a, b], g) => bgNbdTotalLogLikelihood({ r: r!, alpha: alpha!, a: a!, b: b! }, g),
    [start.r, start.alpha, start.a, start.b],
  );
  const [r, alpha, a, b] = fit.params as [number, number, number, number];
  return { ...fit, params: { r, alpha, a, b }, customers: groups.reduce((s, g) => s + g.weight, 0) };
}

/** Gamma-Gamma parameters by maximum likelihood over customers with at least one repeat transaction. */
export function fitGammaGamma(
  customers: Iterable<SpendCustomer>,
  start: GammaGammaParams = { p: 1, q: 1, gamma: 1 },
): FitSummary<GammaGammaParams> {
  const repeat = [...customers].filter((c) => c.x > 0 && c.mx > 0);
  const groups = grouped(repeat, (c) => `${c.x}|${c.mx}`);
  if (groups.length === 0) throw new RangeError('no customer with a repeat transaction to fit');
  const fit = maximise(
    groups,
    ([p, q, gamma], g) => gammaGammaTotalLogLikelihood({ p: p!, q: q!, gamma: gamma! }, g),
    [start.p, start.q, start.gamma],
  );
  const [p, q, gamma] = fit.params as [number, number, number];
  return { ...fit, params: { p, q, gamma }, customers: repeat.length };
}
