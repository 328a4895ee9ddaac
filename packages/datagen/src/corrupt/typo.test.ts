import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/random.ts';
import { adjacentKeys, typo } from './typo.ts';

describe('typo', () => {
  it('knows keyboard neighbours', () => {
    expect(adjacentKeys('s')).toContain('a');
    expect(adjacentKeys('s')).toContain('d');
    expect(adjacentKeys('s')).toContain('w');
    expect(adjacentKeys('s')).not.toContain('p');
  });
  it('makes exactly one edit of the requested kind', () => {
    const random = createRandom(9);
    for (let i = 0; i < 200; i++) {
      const sub = typo(random, 'William', 'substitute');
      expect(sub).toHaveLength(7);
      expect([...sub].filter((ch, k) => ch !== 'William'[k])).toHaveLength(1);
      expect(typo(random, 'William', 'delete')).toHaveLength(6);
      expect(typo(random, 'William', 'insert')).toHaveLength(8);
      expect([...typo(random, 'Margaret', 'transpose')].sort().join('')).toBe(
        [...'Margaret'].sort().join(''),
      );
    }
  });
});
