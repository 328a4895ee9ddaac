import { lockAffectedCustomers } from './affected-customers.ts';
import { nothingApplied } from './apply-events.ts';
import type { BatchTransactions } from './ports.ts';
import { rescore } from './rescore.ts';

type Slice = { last: string | undefined; rescored: number; modelVersion: string };

/**
 * One slice of the sweep, in one transaction: up to `limit` customers after `after` whose stored score was
 * computed under a model version other than the one in use, locked and rescored as an event of theirs would
 * rescore them (scores as of their newest event, history, their open posts, a priority event where the band
 * changes). `last` is the next slice's cursor, undefined when nothing is left.
 */
export async function rescoreCustomers(
  transactions: BatchTransactions,
  after: string | undefined,
  limit: number,
): Promise<Slice> {
  return transactions.run(async (store, params) => {
    const ids = await store.scoredUnderOtherModel(params.modelVersion, after, limit);
    if (ids.length > 0) {
      await store.lock(ids.map((c) => `c:${c}`));
      await rescore(nothingApplied(), new Set(ids), store, params);
    }
    return { last: ids.at(-1), rescored: ids.length, modelVersion: params.modelVersion };
  });
}

/**
 * The same for the open posts of authors on no customer (the anonymous account a care desk may be looking
 * at): their records locked as an event of theirs would lock them, then whoever holds them now (an identity
 * change may have come meanwhile), so a post that found its customer is priced as that customer's.
 */
export async function rescoreUnownedAuthors(
  transactions: BatchTransactions,
  after: string | undefined,
  limit: number,
): Promise<Slice> {
  return transactions.run(async (store, params) => {
    const authors = await store.unownedAuthorsUnderOtherModel(params.modelVersion, after, limit);
    if (authors.length > 0) {
      await store.lock(authors.map((r) => `r:${r}`));
      const applied = { ...nothingApplied(new Set(authors)), touched: new Set(authors) };
      await rescore(applied, await lockAffectedCustomers(applied, store), store, params);
    }
    return { last: authors.at(-1), rescored: authors.length, modelVersion: params.modelVersion };
  });
}

/**
 * Every customer scored, and every open post of an author on no customer priced, under another model version,
 * rescored with the one in use: after a value snapshot is loaded or the network refitted, stored scores and
 * the care queue's priorities follow without waiting for each one's next event. Slices of `limit`, in id
 * order. Returns how many customers and authors were rescored, and the version everything is now scored
 * with: undefined when the version changed during the sweep (what is before the cursor then needs another)
 * or it was stopped.
 */
export async function rescoreSweep(
  transactions: BatchTransactions,
  limit: number,
  stopped: () => boolean = () => false,
): Promise<{ rescored: number; modelVersion: string | undefined }> {
  let rescored = 0;
  let complete = true;
  const versions = new Set<string>();
  for (const slice of [rescoreCustomers, rescoreUnownedAuthors]) {
    let after: string | undefined;
    do {
      const done = await slice(transactions, after, limit);
      after = done.last;
      rescored += done.rescored;
      versions.add(done.modelVersion);
    } while (after !== undefined && !stopped());
    if (after !== undefined) complete = false;
  }
  return { rescored, modelVersion: complete && versions.size === 1 ? [...versions][0] : undefined };
}
