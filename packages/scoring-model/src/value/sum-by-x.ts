/**
 * Σ weight · logLikelihood(terms(x), customer): the likelihoods' gamma-function terms depend on a
 * customer's x alone, so over a population they are computed once per distinct x (a fit evaluates the
 * sum hundreds of times; CDNOW's 23,570 customers have fewer than a hundred distinct x).
 */
export function sumWithTermsPerX<C extends { x: number }, T>(
  customers: Iterable<{ customer: C; weight: number }>,
  termsOfX: (x: number) => T,
  logLikelihood: (terms: T, customer: C) => number,
): number {
  const byX = new Map<number, T>();
  let sum = 0;
  for (const { customer, weight } of customers) {
    let terms = byX.get(customer.x);
    if (terms === undefined) byX.set(customer.x, (terms = termsOfX(customer.x)));
    sum += weight * logLikelihood(terms, customer);
  }
  return sum;
}
