/**
 * The one place that knows @rapport/matching's API: everything else in the CLI talks to this adapter, so an
 * engine change means editing this file only.
 */
import type { PersonRecord } from '@rapport/contracts';
import {
  loadModel,
  resolveBatch,
  serialiseModel,
  trainModel,
  type AttributeSpec,
  type EngineConfig,
  type MatchModel,
} from '@rapport/matching';

export type EngineModel = MatchModel;

export interface EngineReviewPair {
  recordIdA: string;
  recordIdB: string;
  weight: number;
  probability: number;
  reason: string;
}

export interface EngineResult {
  assignments: Map<string, string>;
  reviewPairs: EngineReviewPair[];
  stats: Record<string, unknown>;
}

export interface TrainSettings {
  seed: number;
  /** ISO 3166 region for phone numbers written without a country code; the engine's default when absent. */
  region?: string;
  /** Extra attributes the mapping names, with their comparison kinds. */
  attributes?: AttributeSpec[];
}

/** The engine settings a data engineer may set (flags or a config file); absent ones keep the engine's defaults. */
export type EngineSettings = Partial<
  Pick<
    EngineConfig,
    | 'linkProbability'
    | 'strongLinkProbability'
    | 'reviewProbability'
    | 'maxBlockSize'
    | 'maxPeoplePerIdentifier'
    | 'maxClusterSize'
    | 'contradictionWeight'
  >
>;

export function trainEngineModel(records: PersonRecord[], settings: TrainSettings): EngineModel {
  const normalise: Partial<MatchModel['normalise']> = {
    ...(settings.region !== undefined && {
      defaultRegion: settings.region as MatchModel['normalise']['defaultRegion'],
    }),
    ...(settings.attributes !== undefined &&
      settings.attributes.length > 0 && { attributes: settings.attributes }),
  };
  return trainModel(records, { seed: settings.seed, normalise });
}

export function loadEngineModel(json: string): EngineModel {
  return loadModel(json);
}

export function serialiseEngineModel(model: EngineModel): string {
  return serialiseModel(model);
}

export function resolveWithEngine(
  records: PersonRecord[],
  model: EngineModel,
  settings: EngineSettings,
  onProgress: (done: number, total: number) => void,
): EngineResult {
  const result = resolveBatch(records, { model, config: settings, onProgress });
  return {
    assignments: result.assignments,
    reviewPairs: result.reviewPairs.map((pair) => ({
      recordIdA: pair.a,
      recordIdB: pair.b,
      weight: pair.weight,
      probability: pair.probability,
      reason: pair.reason,
    })),
    stats: { ...result.stats, related: result.related.length },
  };
}
