import { rawLoyaltyMembersTopic, rawLoyaltyTransactionsTopic } from '@rapport/contracts';
import type { RawRoute } from '@rapport/ingest';
import { loyaltyMemberIntake } from '../use-cases/accept-loyalty-member.ts';
import { loyaltyTransactionIntake } from '../use-cases/accept-loyalty-transaction.ts';

/**
 * The loyalty system streams JSON records, in the shape of the REST bodies, to its raw topics;
 * each is decoded → validated → published like a REST record, or dead-lettered with its bytes.
 */
export const rawLoyaltyRoutes: readonly RawRoute[] = [
  { topic: rawLoyaltyMembersTopic, intake: loyaltyMemberIntake },
  { topic: rawLoyaltyTransactionsTopic, intake: loyaltyTransactionIntake },
];
