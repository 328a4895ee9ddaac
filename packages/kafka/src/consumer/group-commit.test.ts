import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupCommit, type CommitRequest } from './group-commit.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('groupCommit', () => {
  it('sends the offsets offered in one turn as one request, grouped by topic', async () => {
    const sent: CommitRequest[] = [];
    const send = async (r: CommitRequest) => void sent.push(r);
    const commit = groupCommit();
    const done = Promise.all([
      commit(send, { topic: 'a', partition: 0, offset: '5' }),
      commit(send, { topic: 'b', partition: 3, offset: '7' }),
      commit(send, { topic: 'a', partition: 1, offset: '2' }),
    ]);
    expect(sent).toEqual([]);
    await done;
    expect(sent).toEqual([
      {
        topics: [
          {
            topic: 'a',
            partitions: [
              { partition: 0, offset: '5' },
              { partition: 1, offset: '2' },
            ],
          },
          { topic: 'b', partitions: [{ partition: 3, offset: '7' }] },
        ],
      },
    ]);
    await commit(send, { topic: 'a', partition: 0, offset: '9' });
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual({ topics: [{ topic: 'a', partitions: [{ partition: 0, offset: '9' }] }] });
  });

  it('rejects every caller of a failed request, and sends the next turn afresh', async () => {
    const commit = groupCommit();
    const failing = async () => {
      throw new Error('coordinator moved');
    };
    const results = await Promise.allSettled([
      commit(failing, { topic: 'a', partition: 0, offset: '1' }),
      commit(failing, { topic: 'a', partition: 1, offset: '1' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const sent: CommitRequest[] = [];
    await commit(async (r) => void sent.push(r), { topic: 'a', partition: 0, offset: '2' });
    expect(sent).toHaveLength(1);
  });

  it('commits each partition’s last offer of a turn, whatever the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ partition: fc.integer({ min: 0, max: 3 }), offset: fc.nat(1000) }), {
          minLength: 1,
          maxLength: 30,
        }),
        async (offers) => {
          const sent: CommitRequest[] = [];
          const commit = groupCommit();
          await Promise.all(
            offers.map((o) =>
              commit(async (r) => void sent.push(r), { topic: 't', ...o, offset: String(o.offset) }),
            ),
          );
          await turn();
          const last = new Map(offers.map((o) => [o.partition, String(o.offset)]));
          expect(sent).toHaveLength(1);
          const committed = new Map(sent[0]!.topics[0]!.partitions.map((p) => [p.partition, p.offset]));
          expect(committed).toEqual(last);
        },
      ),
    );
  });
});
