import {
  parseValueSnapshot,
  type NetworkPosition,
  type ScoringConfig,
  type ValueSnapshot,
} from '@rapport/scoring-model';

/** PageRank positions from the last network refit (see refit-network.ts), by graph node. */
export interface NetworkParameters {
  version: string;
  computedAt: number;
  nodes: number;
  edges: number;
  positions: ReadonlyMap<string, NetworkPosition>;
}

/** Everything a score is computed with: one value per batch, so a batch is scored with one model. */
export interface ScoringParameters {
  config: ScoringConfig;
  snapshot: ValueSnapshot;
  snapshotSource: 'shipped' | 'loaded';
  snapshotLoadedAt: number | null;
  network: NetworkParameters | null;
  /** Brand → its handles (lowercase, no @). */
  brands: ReadonlyMap<string, readonly string[]>;
  brandHandles: readonly string[];
  /** ISO 4217: purchases in it are summed; those in another currency are not scored (no exchange rates). */
  currency: string;
  /** Names the configuration, the value snapshot and the network: every published score carries it. */
  modelVersion: string;
}

export type ParameterKind = 'value-snapshot' | 'network';

export interface ActiveParameter {
  kind: ParameterKind;
  version: string;
  activatedAt: number;
}

/** Port: the parameters in use, as stored (the Postgres adapter reads scoring_active_parameters). */
export interface ParameterReader {
  active(): Promise<ActiveParameter[]>;
  body(kind: ParameterKind, version: string): Promise<unknown>;
}

export interface NetworkBody {
  version: string;
  computedAt: string;
  nodes: number;
  edges: number;
  positions: [string, NetworkPosition][];
}

/** The longest model version scoring.priority.v1 takes. */
export const MAX_MODEL_VERSION = 100;

/** A network version is `network-` and this many hex digits of its positions' digest. */
export const NETWORK_DIGEST_CHARS = 12;
const NETWORK_VERSION_LENGTH = 'network-'.length + NETWORK_DIGEST_CHARS;

/**
 * The longest value snapshot version that leaves room, beside the configuration's, for a network
 * version in the model version (so a later refit fits too): the API documents it, so a load is
 * refused by its schema rather than after validation.
 */
export function maxSnapshotVersionLength(config: ScoringConfig): number {
  return Math.max(1, MAX_MODEL_VERSION - config.version.length - NETWORK_VERSION_LENGTH - 2);
}

export function modelVersionOf(
  config: ScoringConfig,
  snapshot: ValueSnapshot,
  network: string | null,
): string {
  return [config.version, snapshot.version, ...(network === null ? [] : [network])].join('+');
}

/**
 * The parameters in use: the shipped configuration and value snapshot until a snapshot is loaded
 * (`PUT /v1/scoring/model/value-snapshot`), the network positions of the last refit. Parsed bodies are
 * cached by version; only the list of active versions is read per call.
 */
export function parametersProvider(base: {
  config: ScoringConfig;
  shippedSnapshot: ValueSnapshot;
  brands: ReadonlyMap<string, readonly string[]>;
  currency: string;
  /** How long the list of active versions is trusted before it is read again (other instances' loads). */
  maxAgeMs?: number;
  now?: () => number;
}) {
  const snapshots = new Map<string, ValueSnapshot>();
  const networks = new Map<string, NetworkParameters>();
  const brandHandles = [...new Set([...base.brands.values()].flat())].sort();
  const maxAgeMs = base.maxAgeMs ?? 0;
  const now = base.now ?? (() => 0);
  let known: { active: ActiveParameter[]; readAt: number } | undefined;

  return {
    /** The deployment's configuration, the same in every call of `current`. */
    config: base.config,

    /** A load or refit in this instance is seen by its next batch, not only after maxAgeMs. */
    invalidate(): void {
      known = undefined;
    },

    async current(reader: ParameterReader): Promise<ScoringParameters> {
      if (known === undefined || now() - known.readAt >= maxAgeMs)
        known = { active: await reader.active(), readAt: now() };
      const active = known.active;
      const value = active.find((a) => a.kind === 'value-snapshot');
      const net = active.find((a) => a.kind === 'network');
      let snapshot = base.shippedSnapshot;
      if (value !== undefined) {
        snapshot =
          snapshots.get(value.version) ??
          parseValueSnapshot(await reader.body('value-snapshot', value.version));
        snapshots.set(value.version, snapshot);
      }
      let network: NetworkParameters | null = null;
      if (net !== undefined) {
        network =
          networks.get(net.version) ?? networkOf((await reader.body('network', net.version)) as NetworkBody);
        networks.set(net.version, network);
      }
      return {
        config: base.config,
        snapshot,
        snapshotSource: value === undefined ? 'shipped' : 'loaded',
        snapshotLoadedAt: value?.activatedAt ?? null,
        network,
        brands: base.brands,
        brandHandles,
        currency: base.currency,
        modelVersion: modelVersionOf(base.config, snapshot, network?.version ?? null),
      };
    },
  };
}
export type ParametersProvider = ReturnType<typeof parametersProvider>;

function networkOf(body: NetworkBody): NetworkParameters {
  return {
    version: body.version,
    computedAt: Date.parse(body.computedAt),
    nodes: body.nodes,
    edges: body.edges,
    positions: new Map(body.positions),
  };
}
