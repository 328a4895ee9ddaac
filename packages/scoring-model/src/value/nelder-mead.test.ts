import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.ts';

describe('Nelder–Mead', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const rosenbrock = ([x, y]: readonly number[]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
  });

  it('finds the centre of a shifted quadratic in four dimensions, the same way every time', () => {
    const centre = [3, -2, 0.5, 10];
    const f = (x: readonly number[]) => x.reduce((s, xi, i) => s + (i + 1) * (xi - centre[i]!) ** 2, 0);
    const a = nelderMead(f, [0, 0, 0, 0]);
    a.x.forEach((xi, i) => expect(xi).toBeCloseTo(centre[i]!, 6));
    expect(nelderMead(f, [0, 0, 0, 0])).toEqual(a);
  });

  it('treats NaN as worse than anything and stops at maxIterations', () => {
    const f = ([x]: readonly number[]) => (x! < 0 ? NaN : (x! - 2) ** 2);
    expect(nelderMead(f, [1]).x[0]).toBeCloseTo(2, 6);
    const capped = nelderMead(f, [1], { maxIterations: 3 });
    expect(capped.converged).toBe(false);
    expect(capped.iterations).toBe(3);
  });
});
