import fc from 'fast-check';
import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { keyHashPartitioner } from './partitioner.ts';

// Our partitioner must put every key where kafkajs's (and the Java client's) default partitioner
// does, or per-key order breaks between producers of the same topic.
const metadata = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    partitionId: i,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));

// From kafkajs 2.2.4's DefaultPartitioner, computed once.
const PINNED = [6, 10, 0];

describe('keyHashPartitioner', () => {
  const ours = keyHashPartitioner();
  const reference = Partitioners.DefaultPartitioner();

  it('agrees with kafkajs DefaultPartitioner for any string key and partition count', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 64 }),
        fc.integer({ min: 1, max: 128 }),
        (key, n) => {
          const args = { topic: 't', partitionMetadata: metadata(n), message: { key, value: 'v' } };
          expect(ours(args)).toBe(reference(args));
        },
      ),
      { numRuns: 5000 },
    );
    // 5,000 runs are CPU work that a machine busy with the integration suite stretches past 5 s.
  }, 60_000);

  it('pins known keys to their partitions', () => {
    const at = (key: string, n: number) =>
      ours({ topic: 't', partitionMetadata: metadata(n), message: { key, value: 'v' } });
    expect([at('skymiles:M-100234', 12), at('instagram:ana.travels', 12), at('é😀', 7)]).toEqual(PINNED);
  });
});
