import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deadLetterTopicName } from './dead-letter.ts';
import { defineRawTopic, defineTopic } from './topic-def.ts';
import { allTopics, topics } from './topics.ts';

describe('topic registry', () => {
  it('has unique names, none of them a dead-letter name of another', () => {
    const names = allTopics.map((t) => t.name);
    const deadLetters = names.map(deadLetterTopicName);
    expect(new Set([...names, ...deadLetters]).size).toBe(names.length * 2);
  });

  it('gives every topic positive partitions and a documented key', () => {
    for (const topic of allTopics) {
      expect(Number.isInteger(topic.partitions) && topic.partitions > 0, topic.name).toBe(true);
      expect(topic.keyDescription.length, topic.name).toBeGreaterThan(0);
      expect(topic.description.length, topic.name).toBeGreaterThan(0);
    }
  });

  it('versions event topic names and matches the schema version', () => {
    for (const topic of allTopics) {
      if (topic.kind !== 'event') continue;
      expect(topic.name.endsWith(`.v${topic.version}`), topic.name).toBe(true);
      const literal = (topic.schema as z.ZodObject).shape.schemaVersion as z.ZodLiteral<number>;
      expect(literal.value, topic.name).toBe(topic.version);
    }
  });

  it('compacts entity topics and retains streams', () => {
    const compacted = allTopics.filter((t) => t.cleanupPolicy === 'compact').map((t) => t.name);
    expect(compacted.sort()).toEqual([
      'crm.contact.v1',
      'identity.customer.v1',
      'identity.decision.v1',
      'identity.erasure.v1',
      'loyalty.member.v1',
      'scoring.priority.v1',
      'social.author.v1',
    ]);
    expect(topics.loyaltyTransaction.cleanupPolicy).toBe('delete');
    expect(topics.socialMention.cleanupPolicy).toBe('delete');
  });

  it('registers the raw source topics without a schema', () => {
    const raw = allTopics.filter((t) => t.kind === 'raw');
    expect(raw.map((t) => t.name).sort()).toEqual([
      'raw.crm.contacts',
      'raw.loyalty.members',
      'raw.loyalty.transactions',
      'raw.social.mentions',
    ]);
    for (const t of raw) expect(t.schema.safeParse(new Uint8Array([1, 2])).success).toBe(true);
  });
});

describe('defineTopic', () => {
  const base = {
    name: 'demo.thing.v1',
    version: 1,
    schema: z.object({ id: z.string() }),
    partitions: 3,
    key: (e: { id: string }) => e.id,
    keyDescription: 'per thing',
    cleanupPolicy: 'delete' as const,
    description: 'demo',
  };

  it('accepts a well-formed declaration', () => {
    expect(defineTopic(base).key({ id: 'x' })).toBe('x');
  });

  it.each([
    ['an unversioned name', { name: 'demo.thing' }],
    ['a version mismatch', { name: 'demo.thing.v2' }],
    ['zero partitions', { partitions: 0 }],
    ['fractional partitions', { partitions: 1.5 }],
    ['retention on a compacted topic', { cleanupPolicy: 'compact' as const, retentionMs: 1000 }],
  ])('refuses %s', (_, change) => {
    expect(() => defineTopic({ ...base, ...change })).toThrow(TypeError);
  });

  it('refuses a raw topic outside raw.*', () => {
    expect(() =>
      defineRawTopic({ name: 'loyalty.members', partitions: 1, keyDescription: 'k', description: 'd' }),
    ).toThrow(TypeError);
  });
});
