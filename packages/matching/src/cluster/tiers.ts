/**
 * Order of precedence when clustering (lower first): steward decisions, then deterministic evidence, then
 * score. Clustering sorts its link edges by tier before weight; judging a pair assigns the tier.
 */
export const TIER_STEWARD = 0;
export const TIER_DETERMINISTIC = 1;
export const TIER_SCORE = 2;
