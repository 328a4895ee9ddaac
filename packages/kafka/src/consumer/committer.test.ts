import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { partitionCommitter } from './committer.ts';

/** A commit call that stays on the wire until the test lets it land. */
function wire() {
  const commits: string[] = [];
  const landings: (() => void)[] = [];
  const commit = (offset: string) =>
    new Promise<void>((resolve) => {
      commits.push(offset);
      landings.push(resolve);
    });
  const land = async () => {
    landings.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { commits, commit, land };
}

describe('partitionCommitter', () => {
  it('keeps one commit on the wire and sends only the newest offset offered meanwhile', async () => {
    const { commits, commit, land } = wire();
    const committer = partitionCommitter({ commit, mayCommit: () => true, log: silentLogger, where: {} });
    committer.offer('3');
    committer.offer('5');
    committer.offer('9');
    expect(commits).toEqual(['3']);
    await land();
    expect(commits).toEqual(['3', '9']);
    const flushed = committer.flush();
    await land();
    await flushed;
    expect(commits).toEqual(['3', '9']);
  });

  it('commits nothing once the partition is no longer this batch’s', async () => {
    const { commits, commit } = wire();
    let ours = false;
    const committer = partitionCommitter({ commit, mayCommit: () => ours, log: silentLogger, where: {} });
    committer.offer('4');
    await committer.flush();
    expect(commits).toEqual([]);
    ours = true;
    committer.offer('6');
    expect(commits).toEqual(['6']);
  });

  it('survives a failed commit: the next offer goes out', async () => {
    let calls = 0;
    const committer = partitionCommitter({
      commit: async () => {
        calls++;
        if (calls === 1) throw new Error('coordinator moved');
      },
      mayCommit: () => true,
      log: silentLogger,
      where: {},
    });
    committer.offer('1');
    await committer.flush();
    committer.offer('2');
    await committer.flush();
    expect(calls).toBe(2);
  });
});
