import { describe, expect, it } from 'vitest';
import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import { DEFAULT_CONFIG } from '../config/default-config.ts';
import { addToCounter, emptyCounter, MS_PER_HOUR } from '../time/decayed-counter.ts';
import { detectIntents } from './intents.ts';
import { sentenceSentiments } from './sentiment.ts';
import { scoreUrgency } from './urgency-score.ts';

const intents = DEFAULT_CONFIG.urgency.intents;
const context = { brandHandles: ['@AcmeHotels'] };
const at = Date.UTC(2026, 2, 1, 12);
const COMPLAINT = 'The room was filthy and the staff were rude. I want a refund!';

describe('intent rules', () => {
  it('match whole words and word endings, any case', () => {
    expect(detectIntents('I demand a REFUND for this', intents).map((i) => i.name)).toEqual(['refund']);
    expect(detectIntents('They refunded me, thanks', intents).map((i) => i.name)).toEqual(['refund']);
    expect(detectIntents('My lawyer will hear of this, I am cancelling', intents).map((i) => i.name)).toEqual(
      ['cancel', 'legal'],
    );
    expect(detectIntents('We found bed  bugs and mould', intents).map((i) => i.name)).toEqual(['safety']);
    // "sue" is a whole word: "issue" and "pursue" are not legal threats.
    expect(detectIntents('There was an issue we will pursue', intents)).toEqual([]);
  });
});

describe('sentiment (wink-nlp)', () => {
  it('reads negative and positive sentences as such, per sentence', () => {
    const [complaint, praise] = sentenceSentiments(
      'The staff were rude and the room was filthy. The breakfast was lovely.',
    );
    expect(complaint).toBeLessThan(0);
    expect(praise).toBeGreaterThan(0);
  });

  it('gives what the full pipeline (entities, POS tags) gives, on posts with negations, emoji and abbreviations', () => {
    const full = winkNLP(model);
    const posts = [
      COMPLAINT,
      "I'm not happy at all. This isn't good :( but the pool was not bad!!! Never again... NOT AMAZING",
      'The food was not very good, but Dr. Smith said the bed was extremely comfortable. 😡😡 #fail',
      "Don't ever book here @acme_help. Absolutely terrible, never coming back on 12 May 2026 at 9pm",
      'Lovely weekend, thank you! Hardly any noise; the staff barely smiled though. Wow, meh.',
    ];
    for (const post of posts)
      expect(sentenceSentiments(post)).toEqual(full.readDoc(post).sentences().out(full.its.sentiment));
  });
});

describe('urgency of one post', () => {
  it('a complaint with a refund demand addressed to the brand is urgent; a thank-you is not', () => {
    const complaint = scoreUrgency(
      { text: COMPLAINT, mentionedHandles: ['acmehotels'], at },
      context,
      DEFAULT_CONFIG,
    );
    const thanks = scoreUrgency({ text: 'Lovely stay, thank you!', at }, context, DEFAULT_CONFIG);
    expect(complaint.intents).toEqual(['complaint', 'refund']);
    expect(complaint.rulesFired).toEqual(
      expect.arrayContaining([
        'intent.complaint',
        'intent.refund',
        'brand.direct-mention',
        'sentiment.negative',
      ]),
    );
    expect(complaint.isComplaint).toBe(true);
    expect(thanks.isComplaint).toBe(false);
    expect(thanks.score).toBe(0);
    // 1 − (1 − 0.5)(1 − 0.6) = 0.8 of the intent weight.
    expect(complaint.components.find((c) => c.name === 'urgency.intent')!.score).toBeCloseTo(0.8, 12);
    expect(complaint.score).toBeGreaterThan(50);
  });

  it('a reply to the brand is a direct mention too', () => {
    const s = scoreUrgency(
      { text: 'Still waiting', replyToHandle: 'AcmeHotels', at },
      context,
      DEFAULT_CONFIG,
    );
    expect(s.rulesFired).toContain('brand.direct-mention');
  });

  it('repeated complaints raise urgency, and the counter decays with its half-life', () => {
    const counter = addToCounter(
      addToCounter(emptyCounter(24 * MS_PER_HOUR), 1, at - MS_PER_HOUR),
      1,
      at - 2 * MS_PER_HOUR,
    );
    const post = { text: 'Still no answer about my refund', at };
    const fresh = scoreUrgency(post, context, DEFAULT_CONFIG);
    const repeated = scoreUrgency(post, { ...context, recentComplaints: counter }, DEFAULT_CONFIG);
    expect(repeated.score).toBeGreaterThan(fresh.score);
    expect(repeated.rulesFired).toContain('repeat.complaints');
    const weekLater = scoreUrgency(
      { ...post, at: at + 7 * 24 * MS_PER_HOUR },
      { ...context, recentComplaints: counter },
      DEFAULT_CONFIG,
    );
    expect(weekLater.components.find((c) => c.name === 'urgency.repeat')!.score).toBeLessThan(0.01);
  });

  it('scores sentiment for English only, and intents all the same', () => {
    const s = scoreUrgency(
      { text: 'Refund bitte, das Zimmer war schmutzig', language: 'de', at },
      context,
      DEFAULT_CONFIG,
    );
    expect(s.sentiment).toBeUndefined();
    expect(s.components[0]!.reasons).toEqual(['sentiment not scored for language de']);
    expect(s.intents).toEqual(['refund']);
  });
});
