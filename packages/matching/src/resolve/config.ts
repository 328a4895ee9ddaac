import type { BlockingRule } from '../block/rules.ts';
import { weightOfProbability } from '../model/compiled.ts';
import type { NormaliseOptions } from '../normalise/options.ts';

export type EngineConfig = {
  /** Link when the match probability is at least this. 0.5 is the Bayes decision: more likely the same person than not. */
  linkProbability: number;
  /**
   * A pair above `linkProbability` without personal evidence (names, a town or a household agree, but no birth
   * date, identifier or own contact) links only from this probability on, else goes to review: such fields are
   * shared by relatives and by namesakes, so the model's independence assumption overstates them.
   */
  strongLinkProbability: number;
  /**
   * The review floor, in what a steward's look is expected to find: a pair that does not link goes to a data
   * steward when it is at least this likely to be one person (its probability with the agreements a
   * household shares counted once), so at least this share of the reviews should end in a merge. At 0.25,
   * a real maybe: one chance in four or better, where the engine's own answer (apart) is right at most
   * three times in four. Below it, a look would mostly confirm what the engine decided.
   */
  reviewProbability: number;
  /** Blocks larger than this are not compared inside (they come from junk or very common values). */
  maxBlockSize: number;
  /** An email or phone used by more distinct people than this is treated as no evidence. */
  maxPeoplePerIdentifier: number;
  /** A link that would make a cluster larger than this goes to review instead. */
  maxClusterSize: number;
  /**
   * Two records contradict when their comparison weights (log2 units, without the prior) sum to at most
   * this and more than one field's worth of disagreement is among them; clusters holding a contradicting
   * pair are not merged (no chaining). At 0: the records' own evidence does not favour one person.
   */
  contradictionWeight: number;
  /** Overrides of the model's blocking rules (e.g. to test another rule set without retraining). */
  blocking?: BlockingRule[];
  normalise?: Partial<NormaliseOptions>;
};

export const DEFAULT_CONFIG: EngineConfig = {
  linkProbability: 0.5,
  strongLinkProbability: 0.99,
  reviewProbability: 0.25,
  maxBlockSize: 200,
  maxPeoplePerIdentifier: 6,
  maxClusterSize: 50,
  contradictionWeight: 0,
};

export type ResolvedConfig = EngineConfig & {
  linkWeight: number;
  strongLinkWeight: number;
  reviewWeight: number;
};

export function resolveConfig(partial: Partial<EngineConfig> | undefined): ResolvedConfig {
  const c = { ...DEFAULT_CONFIG, ...partial };
  if (!(c.reviewProbability <= c.linkProbability))
    throw new Error('reviewProbability must not exceed linkProbability');
  if (!(c.linkProbability <= c.strongLinkProbability))
    throw new Error('linkProbability must not exceed strongLinkProbability');
  return {
    ...c,
    linkWeight: weightOfProbability(c.linkProbability),
    strongLinkWeight: weightOfProbability(c.strongLinkProbability),
    reviewWeight: weightOfProbability(c.reviewProbability),
  };
}
