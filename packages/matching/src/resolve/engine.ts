import type { BlockingRule } from '../block/rules.ts';
import { compileModel, type CompiledModel } from '../model/compiled.ts';
import type { MatchModel } from '../model/model.ts';
import { mergeNormalise, type NormaliseOptions } from '../normalise/options.ts';
import { resolveConfig, type EngineConfig, type ResolvedConfig } from './config.ts';

/** A model and configuration made ready once for any number of batches (batch or incremental). */
export type Engine = {
  model: MatchModel;
  cm: CompiledModel;
  cfg: ResolvedConfig;
  normalise: NormaliseOptions;
  rules: readonly BlockingRule[];
};

export function createEngine(opts: { model: MatchModel; config?: Partial<EngineConfig> }): Engine {
  const cfg = resolveConfig(opts.config);
  return {
    model: opts.model,
    cm: compileModel(opts.model),
    cfg,
    normalise: mergeNormalise(opts.model.normalise, cfg.normalise),
    rules: cfg.blocking ?? opts.model.blocking,
  };
}
