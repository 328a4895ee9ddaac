import { comparisonsFor } from '../compare/comparisons.ts';
import { MODEL_FORMAT, MODEL_VERSION, type MatchModel } from './model.ts';

export function serialiseModel(model: MatchModel): string {
  return JSON.stringify(model, null, 2);
}

function fail(why: string): never {
  throw new Error(`not a usable match model: ${why}`);
}

function isProbability(x: unknown): x is number {
  return typeof x === 'number' && x > 0 && x < 1;
}

/** Parse and check a saved model; a model of another version is refused rather than misread. */
export function loadModel(json: string | unknown): MatchModel {
  const data: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  if (typeof data !== 'object' || data === null) fail('not an object');
  const m = data as Partial<MatchModel>;
  if (m.format !== MODEL_FORMAT) fail(`format is ${String(m.format)}`);
  if (m.version !== MODEL_VERSION) fail(`version ${String(m.version)}, this engine reads ${MODEL_VERSION}`);
  if (!isProbability(m.lambda)) fail('lambda is not a probability');
  if (!Array.isArray(m.comparisons) || !Array.isArray(m.blocking)) fail('comparisons or blocking missing');
  if (typeof m.normalise !== 'object' || m.normalise === null) fail('normalise options missing');
  const known = new Map(comparisonsFor(m.normalise as MatchModel['normalise']).map((d) => [d.name, d]));
  for (const c of m.comparisons) {
    const def = known.get(c.name);
    if (def === undefined) fail(`unknown comparison ${String(c.name)}`);
    if (!Array.isArray(c.levels) || c.levels.length !== def.levels.length)
      fail(`${c.name} has the wrong number of levels`);
    for (let l = 1; l < c.levels.length; l++) {
      const lv = c.levels[l]!;
      if (!isProbability(lv.m) || !isProbability(lv.u)) fail(`${c.name}.${lv.label} m or u out of range`);
    }
  }
  return m as MatchModel;
}
