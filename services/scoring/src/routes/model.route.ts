import { ScoringModel } from '@rapport/contracts';
import { ValueSnapshotSchema } from '@rapport/scoring-model';
import { problemResponse, type HttpApp } from '@rapport/service-kit';
import {
  describeModel,
  loadValueSnapshot,
  refitNetwork,
  type NetworkSource,
  type ParameterStore,
} from '../use-cases/model-admin.ts';
import { maxSnapshotVersionLength, type ParametersProvider } from '../use-cases/model-parameters.ts';
import { ADMIN_SCOPE, problemResponses, READ_SCOPE } from './problem-responses.ts';

export interface ModelRouteDeps {
  provider: ParametersProvider;
  store: ParameterStore;
  network: NetworkSource;
  now: () => Date;
}

/** The parameters scores are computed with: read them, load a value snapshot, refit the network. */
export function modelRoutes(app: HttpApp, deps: ModelRouteDeps): void {
  const maxVersion = maxSnapshotVersionLength(deps.provider.config);
  const snapshotBody = ValueSnapshotSchema.extend({
    version: ValueSnapshotSchema.shape.version
      .max(maxVersion, `at most ${maxVersion} characters beside this configuration's version`)
      .describe(
        `At most ${maxVersion} characters: events carry it in their model version, beside the configuration's and the network's`,
      ),
  });

  app.get(
    '/v1/scoring/model',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['model'],
        summary: 'The configuration, value snapshot and network versions in use',
        response: { 200: ScoringModel, ...problemResponses },
      },
    },
    () => describeModel(deps.provider, deps.store),
  );

  app.put(
    '/v1/scoring/model/value-snapshot',
    {
      config: { scope: ADMIN_SCOPE },
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags: ['model'],
        summary: 'Load a value snapshot (the output of `rapport fit-value`): used from the next batch on',
        description:
          'The snapshot is kept under its version (immutable: the same version with another body is 409) and ' +
          'becomes the one every instance reads value against. Customers are rescored with it at their next event.',
        body: snapshotBody,
        response: {
          200: ScoringModel,
          409: problemResponse('This version was loaded before with another body'),
          ...problemResponses,
        },
      },
    },
    (request) => loadValueSnapshot(deps.provider, deps.store, request.body),
  );

  app.post(
    '/v1/scoring/model/network',
    {
      config: { scope: ADMIN_SCOPE },
      schema: {
        tags: ['model'],
        summary: "Refit network position: PageRank over the brand's mention, reply and referral graph",
        description:
          'Computes the positions from the stored graph (records standing for the customers they are in now) and ' +
          'makes them the network version in use; customers are rescored with them at their next event.',
        response: { 200: ScoringModel, ...problemResponses },
      },
    },
    () => refitNetwork(deps.provider, deps.store, deps.network, deps.now()),
  );
}
