import type { IntentName, ScoringConfig } from '../config/schema.ts';
import { clamp01, component, total, type Component } from '../explain/component.ts';
import { counterValue, type DecayedCounter } from '../time/decayed-counter.ts';
import { detectIntents } from './intents.ts';
import { sentenceSentiments } from './sentiment.ts';

export interface PostInput {
  text?: string;
  /** BCP 47 tag; sentiment is scored for English (or an untagged post) only. */
  language?: string;
  mentionedHandles?: readonly string[];
  replyToHandle?: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface UrgencyContext {
  /** The brand's own handles: a post naming one addresses the brand directly. */
  brandHandles: readonly string[];
  /** The author's complaints before this post (see RecordFeatures.complaints). */
  recentComplaints?: DecayedCounter | null;
}

export interface UrgencyScore {
  /** 0..100. */
  score: number;
  components: Component[];
  intents: IntentName[];
  /** Most negative sentence sentiment (−1..1), when scored. */
  sentiment?: number;
  /** Counts toward the author's repeated complaints: an intent fired or a sentence was negative enough. */
  isComplaint: boolean;
  rulesFired: string[];
}

const handle = (h: string) => h.replace(/^@/, '').toLowerCase();

/**
 * How soon one post needs an answer: negative sentiment (wink-nlp, the most negative sentence), intent
 * rules (complaint, cancel, refund, safety, legal; several combine as 1 − Π(1 − severity)), a direct
 * mention of the brand, and the author's complaints in the recent past (a decayed counter).
 */
export function scoreUrgency(post: PostInput, context: UrgencyContext, config: ScoringConfig): UrgencyScore {
  const u = config.urgency;
  const text = post.text ?? '';
  const english = post.language === undefined || /^en(-|$)/i.test(post.language);
  const sentiments = english && text.trim() !== '' ? sentenceSentiments(text) : [];
  const sentiment = sentiments.length > 0 ? Math.min(...sentiments) : undefined;
  const negativity = sentiment === undefined ? 0 : clamp01(-sentiment / u.fullNegativity);

  const fired = detectIntents(text, u.intents);
  const intentScore = 1 - fired.reduce((p, i) => p * (1 - i.severity), 1);
  const brand = new Set(context.brandHandles.map(handle));
  const addressed = [
    ...(post.mentionedHandles ?? []),
    ...(post.replyToHandle === undefined ? [] : [post.replyToHandle]),
  ];
  const direct = addressed.some((h) => brand.has(handle(h)));
  const previous = context.recentComplaints ? counterValue(context.recentComplaints, post.at) : 0;
  const repeat = clamp01(previous / u.repeat.cap);

  const components = [
    component('urgency.sentiment', negativity, u.weights.sentiment, [
      sentiment === undefined
        ? english
          ? 'no text'
          : `sentiment not scored for language ${post.language}`
        : `most negative sentence ${sentiment.toFixed(2)}`,
    ]),
    component(
      'urgency.intent',
      intentScore,
      u.weights.intent,
      fired.length === 0 ? ['no intent rule fired'] : fired.map((i) => `${i.name} (severity ${i.severity})`),
    ),
    component('urgency.direct-mention', direct ? 1 : 0, u.weights.directMention, [
      direct ? 'addresses the brand directly' : 'does not address the brand',
    ]),
    component('urgency.repeat', repeat, u.weights.repeat, [
      `${previous.toFixed(1)} recent complaints before this one`,
    ]),
  ];
  const isComplaint = fired.length > 0 || (sentiment !== undefined && sentiment <= u.complaintSentiment);
  const rulesFired = [
    ...fired.map((i) => `intent.${i.name}`),
    ...(direct ? ['brand.direct-mention'] : []),
    ...(previous >= 1 ? ['repeat.complaints'] : []),
    ...(sentiment !== undefined && sentiment <= u.complaintSentiment ? ['sentiment.negative'] : []),
  ];
  return {
    score: total(components),
    components,
    intents: fired.map((i) => i.name),
    ...(sentiment !== undefined && { sentiment }),
    isComplaint,
    rulesFired,
  };
}
