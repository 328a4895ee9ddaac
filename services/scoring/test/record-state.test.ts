import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '@rapport/scoring-model';
import {
  applyProfile,
  applyPurchase,
  emptyRecord,
  erase,
  type RecordState,
} from '../src/use-cases/record-state.ts';

const N = DEFAULT_CONFIG.evidence.maxEventIds;
const id = (i: number) => `00000000-0000-8000-8000-${String(i).padStart(12, '0')}`;

type Step =
  | { kind: 'profile'; i: number; at: number; tier: string }
  | { kind: 'purchase'; i: number; at: number; amountMinor: number }
  | { kind: 'delete'; i: number; at: number };

function apply(state: RecordState, step: Step): RecordState {
  switch (step.kind) {
    case 'profile':
      return applyProfile(state, { eventId: id(step.i), at: step.at, profile: { tiers: [step.tier] } }, N);
    case 'purchase':
      return applyPurchase(
        state,
        { eventId: id(step.i), at: step.at, amountMinor: step.amountMinor, kind: 'purchase' },
        N,
      );
    case 'delete':
      return erase(state, { eventId: id(step.i), at: step.at });
  }
}

const profileStep = fc.record({
  kind: fc.constant('profile' as const),
  at: fc.integer({ min: 0, max: 5 }),
  tier: fc.constantFrom('silver', 'gold', 'platinum'),
});

describe('record state', () => {
  it('ends in the same profile whatever order the versions of a record arrive in', () => {
    fc.assert(
      fc.property(
        fc
          .array(profileStep, { minLength: 1, maxLength: 8 })
          .map((steps) => steps.map((s, i) => ({ ...s, i }))),
        fc.func(fc.integer()),
        (steps, key) => {
          const shuffled = [...steps].sort((a, b) => key(a.i) - key(b.i) || a.i - b.i);
          const a = steps.reduce(apply, emptyRecord('loyalty:acme:M-1'));
          const b = shuffled.reduce(apply, emptyRecord('loyalty:acme:M-1'));
          expect(b).toEqual(a);
          // The newest version (time, then event id) is the one held.
          const newest = [...steps].sort((x, y) => y.at - x.at || (id(y.i) > id(x.i) ? 1 : -1))[0]!;
          expect(a.features.tiers).toEqual([newest.tier]);
        },
      ),
    );
  });

  it('keeps the purchases when the profile changes, and drops everything when the record is deleted', () => {
    let state = apply(emptyRecord('loyalty:acme:M-1'), { kind: 'profile', i: 1, at: 1, tier: 'gold' });
    state = apply(state, { kind: 'purchase', i: 2, at: 86_400_000, amountMinor: 1250 });
    state = apply(state, { kind: 'profile', i: 3, at: 2, tier: 'silver' });
    expect(state.features.purchases.days).toEqual([[1, 1, 1250]]);
    expect(state.features.tiers).toEqual(['silver']);
    const erased = apply(state, { kind: 'delete', i: 4, at: 3 });
    expect(erased.erased).toBe(true);
    expect(erased.features.purchases.days).toEqual([]);
    // Nothing is kept for an erased person, until a newer version re-enrols them.
    expect(apply(erased, { kind: 'purchase', i: 5, at: 5, amountMinor: 10 })).toBe(erased);
    expect(apply(erased, { kind: 'profile', i: 6, at: 1, tier: 'gold' }).erased).toBe(true);
    expect(apply(erased, { kind: 'profile', i: 7, at: 9, tier: 'gold' }).erased).toBe(false);
  });
});
