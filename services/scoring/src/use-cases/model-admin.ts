import { hash } from 'node:crypto';
import type { ScoringModel } from '@rapport/contracts';
import {
  networkPositions,
  referralWeight,
  type InfluenceEdge,
  type ValueSnapshot,
} from '@rapport/scoring-model';
import {
  MAX_MODEL_VERSION,
  modelVersionOf,
  NETWORK_DIGEST_CHARS,
  type NetworkBody,
  type ParameterKind,
  type ParameterReader,
  type ParametersProvider,
} from './model-parameters.ts';
import { ModelVersionTooLong, SnapshotVersionConflict } from './problems.ts';

/** Port: where parameter versions are kept and which one is in use. */
export interface ParameterStore extends ParameterReader {
  store(kind: ParameterKind, version: string, body: unknown): Promise<'stored' | 'same' | 'conflict'>;
  activate(kind: ParameterKind, version: string): Promise<void>;
}

/** Port: the graph as scoring stores it, for the network refit. */
export interface NetworkSource {
  /** Mentions and replies between social records, weights summed. */
  socialEdges(): Promise<{ from: string; to: string; kind: 'mention' | 'reply'; weight: number }[]>;
  referrals(): Promise<{ referred: string; referrer: string }[]>;
  /** The customer each record is in now. */
  owners(recordIds: readonly string[]): Promise<Map<string, string>>;
  /** What each record's person spent (their cards included), minor units. */
  spends(recordIds: readonly string[]): Promise<Map<string, number>>;
}

export async function describeModel(
  provider: ParametersProvider,
  reader: ParameterReader,
): Promise<ScoringModel> {
  const p = await provider.current(reader);
  return {
    configVersion: p.config.version,
    valueSnapshot: {
      version: p.snapshot.version,
      asOf: p.snapshot.asOf,
      source: p.snapshotSource,
      loadedAt: p.snapshotLoadedAt === null ? null : new Date(p.snapshotLoadedAt).toISOString(),
      population: p.snapshot.population,
    },
    network:
      p.network === null
        ? null
        : {
            version: p.network.version,
            nodes: p.network.nodes,
            edges: p.network.edges,
            computedAt: new Date(p.network.computedAt).toISOString(),
          },
  };
}

/**
 * Makes a value snapshot (the output of `rapport fit-value`) the one scores are read against from the
 * next batch on, in every instance. Loading the same version again changes nothing.
 */
export async function loadValueSnapshot(
  provider: ParametersProvider,
  store: ParameterStore,
  snapshot: ValueSnapshot,
): Promise<ScoringModel> {
  const current = await provider.current(store);
  const version = modelVersionOf(current.config, snapshot, current.network?.version ?? null);
  if (version.length > MAX_MODEL_VERSION) throw new ModelVersionTooLong(version.length, MAX_MODEL_VERSION);
  if ((await store.store('value-snapshot', snapshot.version, snapshot)) === 'conflict')
    throw new SnapshotVersionConflict(snapshot.version);
  await store.activate('value-snapshot', snapshot.version);
  provider.invalidate();
  return describeModel(provider, store);
}

const socialHandle = /^social:[^:]+:(.+)$/;

/**
 * Network position, refitted: weighted PageRank over the brand's graph of mentions, replies and referrals,
 * each record standing for the customer it is in now (an unresolved account for itself), the brand's own
 * accounts left out. A batch step like `rapport fit-value`: the positions are a versioned parameter (named by
 * their content), read by every score computed after it; customers are rescored with them at their next event.
 */
export async function refitNetwork(
  provider: ParametersProvider,
  store: ParameterStore,
  source: NetworkSource,
  now: Date,
): Promise<ScoringModel> {
  const params = await provider.current(store);
  const { config } = params;
  const [social, referrals] = await Promise.all([source.socialEdges(), source.referrals()]);
  const records = [
    ...new Set([
      ...social.flatMap((e) => [e.from, e.to]),
      ...referrals.flatMap((r) => [r.referred, r.referrer]),
    ]),
  ];
  const [owners, spends] = await Promise.all([
    source.owners(records),
    source.spends([...new Set(referrals.map((r) => r.referred))]),
  ]);
  const node = (record: string) => owners.get(record) ?? record;
  const brand = new Set(params.brandHandles);
  const ignore = new Set(records.filter((r) => !owners.has(r) && brand.has(socialHandle.exec(r)?.[1] ?? '')));
  const edges: InfluenceEdge[] = [
    ...social
      .filter((e) => !ignore.has(e.from) && !ignore.has(e.to))
      .map((e) => ({ from: node(e.from), to: node(e.to), kind: e.kind, weight: e.weight })),
    ...referrals.map((r) => ({
      from: node(r.referred),
      to: node(r.referrer),
      kind: 'referral' as const,
      weight: referralWeight(spends.get(r.referred) ?? 0, config.influence.referrals.spendUnitMinor),
    })),
  ];
  const positions = [...networkPositions(edges, { damping: config.influence.network.damping })].sort(
    ([a], [b]) => (a < b ? -1 : 1),
  );
  const version = `network-${hash('sha256', JSON.stringify(positions)).slice(0, NETWORK_DIGEST_CHARS)}`;
  const model = modelVersionOf(config, params.snapshot, version);
  if (model.length > MAX_MODEL_VERSION) throw new ModelVersionTooLong(model.length, MAX_MODEL_VERSION);
  const body: NetworkBody = {
    version,
    computedAt: now.toISOString(),
    nodes: positions.length,
    edges: edges.length,
    positions,
  };
  // The version is the positions' digest: a refit that finds the same positions keeps the first one's body.
  await store.store('network', version, body);
  await store.activate('network', version);
  provider.invalidate();
  return describeModel(provider, store);
}
