export { trainModel, type TrainOptions } from './model/train.ts';
export { serialiseModel, loadModel } from './model/serialise.ts';
export {
  MODEL_VERSION,
  type MatchModel,
  type ComparisonParams,
  type LevelParams,
  type TermFrequencies,
  type EmSession,
} from './model/model.ts';
export { createPrng, type Prng } from './model/prng.ts';
export { probabilityOf } from './model/compiled.ts';
export { resolveBatch, type BatchOptions, type BatchResult, type ResolveStats } from './resolve/batch.ts';
export { DEFAULT_CONFIG, type EngineConfig } from './resolve/config.ts';
export { createEngine, type Engine } from './resolve/engine.ts';
export type { StewardDecision } from './resolve/decisions.ts';
export { outcomeOf, type ReviewPair, type Relationship } from './resolve/outcome.ts';
export { DEFAULT_BLOCKING, type BlockingRule, type BlockKeyPart } from './block/rules.ts';
export {
  DEFAULT_NORMALISE,
  type NormaliseOptions,
  type EmailProviderRule,
  type CardProgramRule,
} from './normalise/options.ts';
export type { PreparedRecord } from './normalise/prepare.ts';
export { COMPARISONS } from './compare/comparisons.ts';
export { ATTRIBUTE_KINDS, type AttributeKind, type AttributeSpec } from './normalise/attributes.ts';
export type { ComparisonName } from './compare/levels.ts';
export {
  explainPair,
  explainPrepared,
  type PairExplanation,
  type ComparisonExplanation,
} from './explain/pair.ts';
export { explainStoredPair, type StoredPairExplanation, type SharedBlock } from './explain/stored-pair.ts';
export { explainCluster, type ClusterExplanation, type ClusterPair } from './explain/cluster.ts';
export { rankCandidates, type Candidate } from './explain/candidates.ts';
export { recordKeys, type RecordKey } from './resolve/record-keys.ts';
export { effectiveForm } from './resolve/store-reader.ts';
export { prepareRecord } from './normalise/prepare.ts';
export { preparedRecord } from './resolve/prepared-record.ts';
export { normaliseEmail } from './normalise/email.ts';
export { normalisePhone } from './normalise/phone.ts';
export { normaliseCard } from './normalise/card.ts';
export { normaliseHandle } from './normalise/handle.ts';
export {
  planChanges,
  resolveChanges,
  type IncrementalStats,
  type PlannedChanges,
  type ResolveResult,
} from './resolve/incremental.ts';
export type { RecordChange } from './resolve/record-change.ts';
export { clusterChanges, type ClusterChange, type ChangeKind } from './resolve/cluster-change.ts';
export type {
  ResolutionStore,
  StoredRecord,
  Block,
  Edge,
  Placement,
  StoreWrite,
  RecordRow,
  KeyRow,
  CarrierRow,
} from './resolve/resolution-store.ts';
export type { IdentifierUse } from './guard/identifier-limit.ts';
export type { RelationKind } from './evidence/deterministic.ts';
export { MemoryResolutionStore } from './store/memory-store.ts';
export {
  goldenRecord,
  DEFAULT_SURVIVORSHIP,
  type GoldenRecord,
  type GoldenValue,
  type SurvivorshipRule,
  type SurvivorshipRules,
} from './survive/golden-record.ts';
export { explainRecord, type RecordExplanation, type MemberEvidence } from './explain/record.ts';
