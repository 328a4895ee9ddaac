import { describe, expect, it } from 'vitest';
import { ConsumerOptionsInvalid } from '../errors.ts';
import { ok, type Outcome } from '../outcome.ts';
import type { ConsumedMessage } from './consumed-message.ts';
import { asBatchHandler, type ConsumerOptions } from './consumer-options.ts';

const base = { groupId: 'svc', topics: ['a.v1'] };
const message = { topic: 'a.v1', partition: 0, offset: '0' } as ConsumedMessage;

describe('asBatchHandler', () => {
  it('makes a single-message handler a batch handler of batches of one', async () => {
    const { handleBatch, policy } = asBatchHandler({ ...base, handle: async () => ok() });
    expect(policy).toEqual({ maxRetries: 3, initialBackoffMs: 200, maxBackoffMs: 5000, maxBatchMessages: 1 });
    expect(await handleBatch([message])).toEqual([ok()]);
  });

  it('takes batches of 500 by default', () => {
    const handleBatch = async (ms: readonly ConsumedMessage[]): Promise<Outcome[]> => ms.map(() => ok());
    expect(asBatchHandler({ ...base, handleBatch }).policy.maxBatchMessages).toBe(500);
    expect(asBatchHandler({ ...base, handleBatch, maxBatchMessages: 50 }).policy.maxBatchMessages).toBe(50);
  });

  it.each([
    ['no handler', { ...base }],
    ['both handlers', { ...base, handle: async () => ok(), handleBatch: async () => [] }],
    ['no topics', { ...base, topics: [], handle: async () => ok() }],
    ['an empty batch', { ...base, handleBatch: async () => [], maxBatchMessages: 0 }],
    ['negative retries', { ...base, handle: async () => ok(), maxRetries: -1 }],
    ['a fractional backoff', { ...base, handle: async () => ok(), retryBackoffMs: { initial: 0.5 } }],
  ])('refuses %s with a coded error', (_, options) => {
    expect(() => asBatchHandler(options as ConsumerOptions)).toThrow(ConsumerOptionsInvalid);
  });
});
