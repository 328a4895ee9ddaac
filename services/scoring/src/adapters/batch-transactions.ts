import { isUnavailable, withTransaction, type Pool } from '@rapport/db';
import type { ParametersProvider } from '../use-cases/model-parameters.ts';
import type { BatchTransactions } from '../use-cases/ports.ts';
import { batchStore, type TransactionalOutbox } from './batch-store.ts';
import { parametersRepo } from './parameters.repo.ts';

// Deadlock, serialization failure, lock not available: another instance held what the batch needed.
const CONFLICT_CODES = new Set(['40P01', '40001', '55P03']);

/** Each batch in one Postgres transaction, with the parameters active when it began. */
export function batchTransactions(
  pool: Pool,
  outbox: TransactionalOutbox,
  parameters: ParametersProvider,
): BatchTransactions {
  return {
    run: (work) =>
      withTransaction(pool, async (client) =>
        work(batchStore(client, outbox), await parameters.current(parametersRepo(client))),
      ),
    transientReason(error) {
      if (isUnavailable(error)) return 'database_unavailable';
      const code = (error as { code?: unknown }).code;
      return typeof code === 'string' && CONFLICT_CODES.has(code) ? 'transaction_conflict' : undefined;
    },
  };
}
