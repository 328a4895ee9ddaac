import { describe, expect, it } from 'vitest';
import { topics } from '@rapport/contracts';
import { generatePeople } from '../generate-people.ts';
import { canonicalEvent } from './canonical-events.ts';

describe('canonicalEvent', () => {
  it('gives every generated record with an event a valid one, keyed as its topic keys it', () => {
    const byTopic = new Map<string, number>();
    let skipped = 0;
    for (const { record } of generatePeople({ seed: 4, people: 1500 })) {
      const out = canonicalEvent(record);
      if (out === undefined) {
        expect(record.source).toBe('social');
        skipped++;
        continue;
      }
      const topic = Object.values(topics).find((t) => t.name === out.topic)!;
      expect(topic.kind).toBe('event');
      if (topic.kind !== 'event') continue;
      const parsed = topic.schema.safeParse(out.event);
      expect(parsed.success, JSON.stringify(parsed.error?.issues.map((i) => i.path))).toBe(true);
      expect((topic.key as (e: unknown) => string)(out.event)).toBe(out.key);
      byTopic.set(out.topic, (byTopic.get(out.topic) ?? 0) + 1);
    }
    expect([...byTopic.keys()].sort()).toEqual(['crm.contact.v1', 'loyalty.member.v1', 'social.author.v1']);
    expect(skipped).toBeLessThan(byTopic.get('social.author.v1')!);
  });
});
