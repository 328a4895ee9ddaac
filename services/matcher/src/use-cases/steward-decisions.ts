import {
  stewardDecisionEventId,
  type DecisionResult,
  type StewardDecisionEvent,
  type StewardDecisionKind,
} from '@rapport/contracts';
import type { PendingChange } from './apply-changes.ts';
import type { OutgoingEvents } from './api-hooks.ts';
import type { ApplyChanges, ReadSnapshot } from './ports.ts';
import { DecisionNotFound, RecordNotFound } from './problems.ts';

export type StewardDeps = {
  snapshot: ReadSnapshot;
  apply: ApplyChanges;
  /** Holds the rulings for the resolution transaction that applies them, which enqueues them (the outbox). */
  outgoing: OutgoingEvents;
  now: () => Date;
};

const RULING = { 'same-person': 'together', 'not-same-person': 'apart' } as const;
const NAME = { together: 'same-person', apart: 'not-same-person', revoked: 'revoked' } as const;

/**
 * Applies a ruling through the resolution use case and publishes it in the same transaction, so the
 * customers follow at once and a rebuild from the topics replays it. Its kind stands on the pair and the
 * other kind is revoked: a steward's latest word on a pair is the one that counts.
 */
async function rule(
  deps: StewardDeps,
  ruling: { kind: StewardDecisionKind; a: string; b: string; decidedBy: string; reason?: string },
): Promise<DecisionResult> {
  const decidedAt = deps.now().toISOString();
  const recordIds: [string, string] = ruling.a < ruling.b ? [ruling.a, ruling.b] : [ruling.b, ruling.a];
  const fields = {
    kind: ruling.kind,
    recordIds,
    decidedBy: ruling.decidedBy,
    ...(ruling.reason === undefined ? {} : { reason: ruling.reason }),
    decidedAt,
  };
  const event: StewardDecisionEvent = {
    eventId: stewardDecisionEventId(fields),
    schemaVersion: 1,
    source: 'matcher',
    ...fields,
  };
  await deps.outgoing.with([{ topic: 'identity.decision.v1', event }], () =>
    deps.apply({ cause: 'decision', changes: rulingChanges(event) }),
  );
  const [a, b] = event.recordIds;
  const placed = await deps.snapshot((r) => r.store.records([a, b]));
  return {
    a,
    b,
    ruling: NAME[event.kind],
    decidedBy: event.decidedBy,
    decidedAt: event.decidedAt,
    customers: [placed.get(a)?.cluster ?? '', placed.get(b)?.cluster ?? ''],
  };
}

/** Same person, or not the same: on two stored records. */
export async function decide(
  deps: StewardDeps,
  body: { a: string; b: string; ruling: keyof typeof RULING; reason: string; decidedBy?: string | undefined },
  principal: string,
): Promise<DecisionResult> {
  const known = await deps.snapshot((r) => r.store.records([body.a, body.b]));
  const missing = [body.a, body.b].filter((id) => !known.has(id));
  if (missing.length > 0) throw new RecordNotFound(missing);
  return rule(deps, {
    kind: RULING[body.ruling],
    a: body.a,
    b: body.b,
    decidedBy: body.decidedBy ?? principal,
    reason: body.reason,
  });
}

/** Withdraws the ruling standing on a pair: the engine re-clusters as if it had never been made. */
export async function revoke(
  deps: StewardDeps,
  pair: { a: string; b: string },
  principal: string,
): Promise<DecisionResult> {
  const standing = await deps.snapshot((r) => r.store.decisions([pair.a]));
  const on = standing.some((d) => (d.a === pair.a && d.b === pair.b) || (d.a === pair.b && d.b === pair.a));
  if (!on) throw new DecisionNotFound(pair.a, pair.b);
  return rule(deps, { kind: 'revoked', a: pair.a, b: pair.b, decidedBy: principal });
}

/**
 * A ruling as resolution changes: every decision on the pair is revoked, then its own kind is decided
 * (none for `revoked`), so the pair's latest ruling is the one that stands, as the consumer applies the
 * same event read back from identity.decision.v1 (where it is then a duplicate).
 */
export function rulingChanges(event: StewardDecisionEvent): PendingChange[] {
  const origin = { eventId: event.eventId, occurredAt: event.decidedAt };
  const [a, b] = event.recordIds;
  const changes: PendingChange[] = [{ change: { kind: 'revoke', a, b }, origin }];
  if (event.kind !== 'revoked')
    changes.push({
      change: {
        kind: 'decision',
        decision: {
          kind: event.kind,
          a,
          b,
          by: event.decidedBy,
          ...(event.reason === undefined ? {} : { reason: event.reason }),
        },
      },
      origin,
    });
  return changes;
}
