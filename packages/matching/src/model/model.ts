import type { BlockingRule } from '../block/rules.ts';
import type { ComparisonName } from '../compare/levels.ts';
import type { NormaliseOptions } from '../normalise/options.ts';

/** Bumped whenever the meaning of a saved field changes (2: email has a `far` level); `loadModel` refuses other versions. */
export const MODEL_VERSION = 2;
export const MODEL_FORMAT = 'rapport/match-model';

export type LevelParams = { label: string; m: number; u: number };

/** How often each value occurs, so that agreeing on "smith" counts less than agreeing on "zielinski". */
export type TermFrequencies = {
  /** Non-empty values counted. */
  total: number;
  /** Values seen at least twice (rarer values are assumed to occur once). */
  counts: Record<string, number>;
};

export type ComparisonParams = {
  name: ComparisonName;
  levels: LevelParams[];
  tf?: TermFrequencies;
};

export type EmSession = {
  rule: string;
  pairs: number;
  sampledPairs: number;
  /** Comparisons the rule's key makes agree by construction, so this session does not estimate them. */
  fixed: ComparisonName[];
  iterations: number;
  converged: boolean;
  lambda: number;
  expectedMatches: number;
};

/** A Fellegi-Sunter model as plain data: train, save as JSON, load, score. */
export type MatchModel = {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  seed: number;
  trainedOn: { records: number; randomPairs: number };
  /** Probability that two records drawn at random are the same person (EM estimate, see train.ts). */
  lambda: number;
  normalise: NormaliseOptions;
  blocking: BlockingRule[];
  comparisons: ComparisonParams[];
  em: EmSession[];
};
