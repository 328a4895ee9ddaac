/**
 * One term of a weighted score, as every explanation shows it: its own score (0..1), its weight, and
 * the points it contributes (100 · weight · score), with reasons that carry no personal data.
 */
export interface Component {
  name: string;
  score: number;
  weight: number;
  contribution: number;
  reasons: string[];
}

export function component(name: string, score: number, weight: number, reasons: string[] = []): Component {
  return { name, score, weight, contribution: 100 * weight * score, reasons };
}

/** The 0..100 total of components whose weights add up to 1. */
export function total(components: readonly Component[]): number {
  return components.reduce((sum, c) => sum + c.contribution, 0);
}

export function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** log(1 + x) / log(1 + cap), capped at 1: large counts compressed, doubling worth the same everywhere. */
export function logCompressed(x: number, cap: number): number {
  return clamp01(Math.log1p(Math.max(0, x)) / Math.log1p(cap));
}
