import type { PoolClient } from '@rapport/db';
import { createEngine, loadModel, type Engine, type EngineConfig, type MatchModel } from '@rapport/matching';

/** A model the repository ships, installed on the first resolution of a fresh database. */
export type ShippedModel = { version: string; json: string; trainedOn: Record<string, unknown> };

export type ActiveModels = {
  version: string;
  engine: Engine;
  /** The model a switch is rebuilding the state under, while it runs. */
  next: { version: string; engine: Engine; rebuiltUpTo: string | null } | undefined;
};

/**
 * The models of `matcher_models`, each compiled into an engine once per process, and which one the stored
 * state is resolved with (`matcher_state`). Read inside each resolution transaction, under the resolution
 * lock, so every instance follows a switch made by any of them.
 */
export class ModelCatalog {
  readonly #shipped: ShippedModel;
  readonly #config: Partial<EngineConfig>;
  readonly #engines = new Map<string, Engine>();
  #latest: Engine | undefined;

  constructor(shipped: ShippedModel, config: Partial<EngineConfig> = {}) {
    this.#shipped = shipped;
    this.#config = config;
  }

  get shipped(): ShippedModel {
    return this.#shipped;
  }

  async active(client: PoolClient): Promise<ActiveModels> {
    let state = await readState(client);
    if (state.model_version === null) {
      await installModel(
        client,
        this.#shipped.version,
        loadModel(this.#shipped.json),
        this.#shipped.trainedOn,
      );
      await client.query('update matcher_state set model_version = $1', [this.#shipped.version]);
      state = { ...state, model_version: this.#shipped.version };
    }
    const version = state.model_version!;
    const next = state.next_model_version;
    this.#latest = await this.engine(client, version);
    return {
      version,
      engine: this.#latest,
      next:
        next === null
          ? undefined
          : { version: next, engine: await this.engine(client, next), rebuiltUpTo: state.rebuilt_up_to },
    };
  }

  /** The active engine as the last transaction read it: a guess for work done outside one. */
  latest(): Engine | undefined {
    return this.#latest;
  }

  async engine(client: PoolClient, version: string): Promise<Engine> {
    let engine = this.#engines.get(version);
    if (engine === undefined) {
      const { rows } = await client.query<{ model: unknown }>(
        'select model from matcher_models where version = $1',
        [version],
      );
      if (rows[0] === undefined) throw new Error(`model ${version} is not in matcher_models`);
      engine = createEngine({ model: loadModel(rows[0].model), config: this.#config });
      this.#engines.set(version, engine);
    }
    return engine;
  }
}

type StateRow = {
  model_version: string | null;
  next_model_version: string | null;
  rebuilt_up_to: string | null;
};

async function readState(client: PoolClient): Promise<StateRow> {
  const { rows } = await client.query<StateRow>(
    'select model_version, next_model_version, rebuilt_up_to from matcher_state',
  );
  return rows[0]!;
}

/** Adds a model version (a version that exists already is kept as it is: versions are immutable). */
export async function installModel(
  client: Pick<PoolClient, 'query'>,
  version: string,
  model: MatchModel,
  trainedOn: Record<string, unknown>,
): Promise<void> {
  await client.query(
    `insert into matcher_models (version, model, trained_on) values ($1, $2::json, $3::jsonb)
     on conflict (version) do nothing`,
    [version, JSON.stringify(model), JSON.stringify(trainedOn)],
  );
}
