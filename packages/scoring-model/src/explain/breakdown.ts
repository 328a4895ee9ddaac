import type { CustomerPriorityEvent } from '@rapport/contracts';
import type { PriorityExplanation } from '../priority/priority-score.ts';

type Breakdown = CustomerPriorityEvent['breakdown'];

const toContract = (c: { name: string; score: number; weight: number; reasons: string[] }) => ({
  name: c.name,
  value: Math.min(100, Math.max(0, 100 * c.score)),
  weight: c.weight,
  reasons: c.reasons.slice(0, 20),
});

/** The explanation in the shape of `scoring.priority.v1`'s breakdown: every component scored 0..100. */
export function priorityBreakdown(explanation: PriorityExplanation): Breakdown {
  const parts = [
    ...explanation.components,
    ...(explanation.value?.components ?? []),
    ...explanation.urgency.components,
    ...explanation.influence.online.components,
    ...explanation.influence.offline.components,
  ];
  return {
    loyaltyValue: explanation.value?.score ?? 0,
    influence: explanation.influence.score,
    urgency: explanation.urgency.score,
    components: parts.map(toContract),
  };
}
