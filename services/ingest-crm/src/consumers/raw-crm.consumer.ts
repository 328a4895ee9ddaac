import { rawCrmContactsTopic } from '@rapport/contracts';
import type { RawRoute } from '@rapport/ingest';
import { crmContactIntake } from '../use-cases/accept-crm-contact.ts';

/** The CRM change feed writes contacts as JSON in the REST body's shape to raw.crm.contacts. */
export const rawCrmRoutes: readonly RawRoute[] = [{ topic: rawCrmContactsTopic, intake: crmContactIntake }];
