// A small population that exercises every input of scoring at once: members and card-only purchases,
// referrals, CRM decision makers, authors and posts (re-observed too), identity changes with a merge and
// a split, a member's deletion. For the replay and idempotency tests.
import {
  crmContactTopic,
  identityCustomerTopic,
  loyaltyMemberTopic,
  loyaltyTransactionTopic,
  socialAuthorTopic,
  socialMentionTopic,
  type EventTopicDef,
} from '@rapport/contracts';
import { author, contact, daysAgo, identity, member, mention, purchases } from './events.ts';

export type Batch = { topic: EventTopicDef; events: { eventId: string }[] };

export function population(): Batch[] {
  const friends = ['F-1', 'F-2'];
  return [
    {
      topic: loyaltyMemberTopic,
      events: [
        member('P-1', { tier: 'platinum', cardNumbers: ['900 1'] }),
        member('P-2', { tier: 'gold', handles: [{ platform: 'x', handle: 'p2voice' }] }),
        member('P-2', { tier: 'silver', updatedAt: daysAgo(500) }), // an older version, arriving late
        ...friends.map((f) => member(f, { tier: 'blue', referredByMemberId: 'P-2' })),
        member('P-3', { tier: 'gold', cardNumbers: ['777'] }),
        member('P-4', { tier: 'basic' }),
        member('P-4', { deleted: true, updatedAt: daysAgo(10) }),
      ],
    },
    {
      topic: loyaltyTransactionTopic,
      events: [
        ...purchases({ memberId: 'P-1' }, 12, 28, '320.00'),
        ...purchases({ cardNumber: '9001' }, 4, 60, '99.99'),
        ...purchases({ memberId: 'P-2' }, 5, 40, '120.00'),
        ...friends.flatMap((f) => purchases({ memberId: f }, 6, 25, '45.50')),
        ...purchases({ cardNumber: '777' }, 9, 30, '210.00'),
        ...purchases({ memberId: 'P-4' }, 3, 20, '10.00'),
      ],
    },
    {
      topic: crmContactTopic,
      events: [
        contact('K-1', {
          decisionMaker: true,
          decisionScopes: ['travel'],
          loyaltyCards: [{ program: 'acme', number: '777' }],
        }),
        contact('K-2', { referredByCrmId: 'K-1', handles: [{ platform: 'x', handle: 'k2' }] }),
      ],
    },
    {
      topic: socialAuthorTopic,
      events: [
        author('p1quiet', 75),
        author('p2voice', 150_000),
        author('stranger', 20_000),
        author('k2', 900),
      ],
    },
    {
      topic: socialMentionTopic,
      events: [
        mention('p1quiet', 's-1', { daysAgo: 1 }),
        mention('p2voice', 's-2', {
          daysAgo: 2,
          text: 'Great pool at @acmehotels',
          engagement: { likes: 800 },
        }),
        mention('p2voice', 's-2', {
          occurredAt: daysAgo(2),
          observedAt: daysAgo(1),
          text: 'Great pool at @acmehotels',
          engagement: { likes: 1500, reposts: 40 },
        }),
        mention('stranger', 's-3', { engagement: { likes: 3000, reposts: 500 } }),
        mention('k2', 's-4', {
          text: 'Cancel my booking @acmehotels, I will take legal action',
          replyTo: { postId: 's-3', authorHandle: 'stranger' },
        }),
        mention('p1quiet', 's-5', { text: 'Thanks @acmehotels, all sorted now' }),
      ],
    },
    {
      topic: identityCustomerTopic,
      events: [
        identity('Q-1', 1, ['loyalty:acme:P-1', 'social:x:p1quiet']),
        identity('Q-2', 1, ['loyalty:acme:P-2']),
        identity('Q-2', 2, ['loyalty:acme:P-2', 'social:x:p2voice'], 'merged'),
        identity('Q-F1', 1, ['loyalty:acme:F-1']),
        identity('Q-F2', 1, ['loyalty:acme:F-2']),
        // A merge: the survivor takes both records, the absorbed customer is deleted (in either order).
        identity('Q-F1', 2, ['loyalty:acme:F-1', 'loyalty:acme:F-2'], 'merged', undefined, ['Q-F2']),
        identity('Q-F2', 2, [], 'deleted', undefined, ['Q-F1']),
        identity('Q-3', 1, ['loyalty:acme:P-3', 'crm:K-1', 'crm:K-2', 'social:x:k2']),
        identity('Q-3', 2, ['loyalty:acme:P-3', 'crm:K-1'], 'split'),
        identity('Q-5', 1, ['crm:K-2', 'social:x:k2'], 'created', undefined, ['Q-3']),
        identity('Q-4', 1, ['loyalty:acme:P-4']),
      ],
    },
  ];
}
