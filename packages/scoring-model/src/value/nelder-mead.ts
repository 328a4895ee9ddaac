/**
 * Nelder–Mead downhill simplex minimisation (Nelder and Mead, The Computer Journal 7, 1965) with the
 * standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½) and the stopping rule of
 * SciPy's `fmin`: stop when the simplex is within `xTolerance` of its best vertex in every coordinate and
 * within `fTolerance` of its best value. Written here because the npm `fmin` package (0.0.4) exports
 * nothing under Node's ES modules and its shrink step references an undeclared variable in strict mode.
 * Deterministic: the same function and start give the same result.
 */
export interface NelderMeadOptions {
  /** Initial simplex: the start plus this much along each coordinate in turn (default 0.5). */
  step?: number;
  xTolerance?: number;
  fTolerance?: number;
  maxIterations?: number;
}

export interface NelderMeadResult {
  x: number[];
  fx: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = start.length;
  const xTolerance = options.xTolerance ?? 1e-8;
  const fTolerance = options.fTolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 2000 * n;
  let evaluations = 0;
  const value = (x: number[]): number => {
    evaluations++;
    const fx = f(x);
    // A point where the function is undefined is treated as infinitely bad, so the simplex moves away.
    return Number.isNaN(fx) ? Infinity : fx;
  };
  const at = (x: number[]) => ({ x, fx: value(x) });

  const simplex = [at([...start])];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = x[i]! + (options.step ?? 0.5);
    simplex.push(at(x));
  }
  // Combination c + t·(c − w): reflection t = 1, expansion 2, outside contraction ½, inside −½.
  const along = (centroid: number[], worst: number[], t: number) =>
    centroid.map((c, i) => c + t * (c - worst[i]!));

  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((p, q) => p.fx - q.fx);
    const best = simplex[0]!;
    const spreadX = Math.max(
      ...simplex.slice(1).map((v) => Math.max(...v.x.map((xi, i) => Math.abs(xi - best.x[i]!)))),
    );
    const spreadF = Math.max(...simplex.slice(1).map((v) => Math.abs(v.fx - best.fx)));
    if (spreadX <= xTolerance && spreadF <= fTolerance) {
      converged = true;
      break;
    }
    const worst = simplex[n]!;
    const centroid = Array.from(
      { length: n },
      (_, i) => simplex.slice(0, n).reduce((s, v) => s + v.x[i]!, 0) / n,
    );
    const reflected = at(along(centroid, worst.x, 1));
    if (reflected.fx < best.fx) {
      const expanded = at(along(centroid, worst.x, 2));
      simplex[n] = expanded.fx < reflected.fx ? expanded : reflected;
    } else if (reflected.fx < simplex[n - 1]!.fx) {
      simplex[n] = reflected;
    } else {
      const outside = reflected.fx < worst.fx;
      const contracted = at(along(centroid, worst.x, outside ? 0.5 : -0.5));
      if (contracted.fx < (outside ? reflected.fx : worst.fx)) simplex[n] = contracted;
      else
        for (let i = 1; i <= n; i++)
          simplex[i] = at(simplex[i]!.x.map((xi, j) => best.x[j]! + 0.5 * (xi - best.x[j]!)));
    }
  }
  simplex.sort((p, q) => p.fx - q.fx);
  return { x: simplex[0]!.x, fx: simplex[0]!.fx, iterations, evaluations, converged };
}
