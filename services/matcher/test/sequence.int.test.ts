import { test } from '@rapport/testing';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { generatedEvents, resolveFresh } from './support/matcher-harness.ts';

// The customers are a function of the set of records and decisions: the same records through the service in
// any order, in any batch size, by one instance or three, and rebuilt from the topics into an empty database,
// give the same customers under the same ids (a digest of customers and memberships).
describe('matcher customers are sequence neutral', () => {
  const events = generatedEvents(7, 60);

  test('forward, reversed and shuffled, in batches of 1 and of 500, give the same customers', async ({
    kafka,
    redis,
  }) => {
    const reference = await resolveFresh({ kafka, redis }, events, { batch: 500 });
    // Duplicates among the generated people: customers of several records, so a wrong merge or split shows.
    const joined = [...reference.customers.values()].filter((members) => members.length > 1);
    expect(joined.length).toBeGreaterThan(5);
    // Social accounts with candidates: the digest covers them too.
    expect(reference.withCandidates).toBeGreaterThan(0);

    const reversed = await resolveFresh({ kafka, redis }, [...events].reverse(), { batch: 1 });
    expect(reversed.digest).toBe(reference.digest);
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(events, { minLength: events.length }),
        fc.constantFrom(1, 500),
        async (shuffled, batch) => {
          expect((await resolveFresh({ kafka, redis }, shuffled, { batch })).digest).toBe(reference.digest);
        },
      ),
      { numRuns: 2, seed: 11 },
    );
  }, 600_000);

  test('three instances on different partitions give what one gives, and a rebuild from the topics the same ids', async ({
    kafka,
    redis,
  }) => {
    const one = await resolveFresh({ kafka, redis }, events, { partitions: 6 });
    const three = await resolveFresh({ kafka, redis }, events, { partitions: 6, instances: 3 });
    expect(three.digest).toBe(one.digest);
    const rebuilt = await resolveFresh({ kafka, redis }, events, { topicPrefix: one.topicPrefix });
    expect(rebuilt.customers).toEqual(one.customers);
    expect(rebuilt.digest).toBe(one.digest);
  }, 600_000);
});
