import { z } from 'zod';
import { BatchAccepted, IngestAccepted } from './api/ingest.ts';
import { CrmContactBatchBody, CrmContactBody, CrmCsvImportOptions } from './api/crm-contacts.ts';
import { HealthResponse, ReadyResponse } from './api/health.ts';
import { LoyaltyMemberBatchBody, LoyaltyMemberBody } from './api/loyalty-members.ts';
import { LoyaltyTransactionBatchBody, LoyaltyTransactionBody } from './api/loyalty-transactions.ts';
import { SocialMentionBatchBody, SocialMentionBody } from './api/social-mentions.ts';
import { DeadLetterEnvelope } from './dead-letter.ts';
import { Problem } from './problem.ts';
import {
  CareQueuePage,
  CustomerScores,
  InfluencerPage,
  MarkHandledBody,
  ScoringModel,
} from './api/scoring.ts';
import { allTopics } from './topics.ts';

export type JsonSchema = Record<string, unknown>;

export interface JsonSchemaFile {
  /** Path under `packages/contracts/json-schema/`. */
  file: string;
  schema: JsonSchema;
}

/** Request bodies are described as clients send them; responses as servers produce them. */
const apiSchemas: { name: string; schema: z.ZodType; io: 'input' | 'output' }[] = [
  { name: 'loyalty-member.body', schema: LoyaltyMemberBody, io: 'input' },
  { name: 'loyalty-member.batch-body', schema: LoyaltyMemberBatchBody, io: 'input' },
  { name: 'loyalty-transaction.body', schema: LoyaltyTransactionBody, io: 'input' },
  { name: 'loyalty-transaction.batch-body', schema: LoyaltyTransactionBatchBody, io: 'input' },
  { name: 'social-mention.body', schema: SocialMentionBody, io: 'input' },
  { name: 'social-mention.batch-body', schema: SocialMentionBatchBody, io: 'input' },
  { name: 'crm-contact.body', schema: CrmContactBody, io: 'input' },
  { name: 'crm-contact.batch-body', schema: CrmContactBatchBody, io: 'input' },
  { name: 'crm-contact.csv-import-options', schema: CrmCsvImportOptions, io: 'input' },
  { name: 'ingest-accepted', schema: IngestAccepted, io: 'output' },
  { name: 'batch-accepted', schema: BatchAccepted, io: 'output' },
  { name: 'health', schema: HealthResponse, io: 'output' },
  { name: 'ready', schema: ReadyResponse, io: 'output' },
  { name: 'problem', schema: Problem, io: 'output' },
  { name: 'scoring-customer-scores', schema: CustomerScores, io: 'output' },
  { name: 'scoring-care-queue', schema: CareQueuePage, io: 'output' },
  { name: 'scoring-mark-handled.body', schema: MarkHandledBody, io: 'input' },
  { name: 'scoring-influencers', schema: InfluencerPage, io: 'output' },
  { name: 'scoring-model', schema: ScoringModel, io: 'output' },
];

/**
 * JSON Schema (draft 2020-12) for every event topic, the dead-letter envelope and every API body.
 * Events are rendered as input, which leaves `additionalProperties` open: readers are tolerant.
 * Raw topics carry source bytes and have no schema.
 */
export function jsonSchemaFiles(): JsonSchemaFile[] {
  const events = allTopics.flatMap((topic) =>
    topic.kind === 'event'
      ? [{ file: `${topic.name}.json`, schema: render(topic.schema, 'input', topic.name, topic.description) }]
      : [],
  );
  const deadLetter = {
    file: 'dead-letter.json',
    schema: render(DeadLetterEnvelope, 'output', 'dead-letter', 'Envelope on every <topic>.dlq'),
  };
  const api = apiSchemas.map(({ name, schema, io }) => ({
    file: `api/${name}.json`,
    schema: render(schema, io, name, undefined),
  }));
  return [...events, deadLetter, ...api];
}

function render(
  schema: z.ZodType,
  io: 'input' | 'output',
  title: string,
  description: string | undefined,
): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'throw',
  }) as JsonSchema;
  return {
    $schema: json.$schema,
    $id: `https://rapport.internal/contracts/${title}.json`,
    title,
    ...(description === undefined ? {} : { description }),
    ...json,
  };
}
