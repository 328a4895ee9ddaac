import { RF_SEGMENT_GRID } from '../value/rfm-segments.ts';
import { parseScoringConfig, type ScoringConfig } from './schema.ts';

/**
 * The shipped configuration. Every score and explanation names `version`: change any number here and
 * bump it, so scores from two configurations are never compared as if they were one.
 */
export const DEFAULT_CONFIG: ScoringConfig = parseScoringConfig({
  version: 'default-2026.1',
  tiers: [
    { label: 'none', score: 0 },
    { label: 'basic', score: 0.2 },
    { label: 'blue', score: 0.2 },
    { label: 'silver', score: 0.5 },
    { label: 'gold', score: 0.8 },
    { label: 'platinum', score: 1 },
  ],
  value: {
    weights: { tier: 0.35, rfm: 0.35, clv: 0.3 },
    rfm: { windowDays: 365, segments: RF_SEGMENT_GRID },
    clv: { timeUnitDays: 7, periodDays: 30, periods: 12, annualDiscountRate: 0.1, margin: 1 },
  },
  influence: {
    reach: { followersCap: 1_000_000 },
    amplification: {
      halfLifeDays: 30,
      perPostCap: 1000,
      engagementWeights: { likes: 0.25, replies: 0.5, reposts: 1, quotes: 1 },
    },
    network: { damping: 0.85, ratioCap: 20 },
    referrals: { spendUnitMinor: 10_000, cap: 50 },
    online: { reach: 0.4, amplification: 0.35, network: 0.25 },
    offline: { referrals: 0.55, decisionMaker: 0.35, network: 0.1 },
    flag: { online: 0.5, offline: 0.35 },
  },
  urgency: {
    weights: { sentiment: 0.3, intent: 0.4, directMention: 0.1, repeat: 0.2 },
    fullNegativity: 0.6,
    complaintSentiment: -0.3,
    intents: {
      complaint: {
        severity: 0.5,
        phrases: [
          'complain*',
          'terrible',
          'awful',
          'worst',
          'horrible',
          'disgust*',
          'disappoint*',
          'unacceptable',
          'rude',
          'filthy',
          'dirty',
          'broken',
          'never again',
          'not happy',
          'poor service',
          'ruined',
          'shocking',
        ],
      },
      cancel: {
        severity: 0.7,
        phrases: [
          'cancel*',
          'close my account',
          'unsubscrib*',
          'switching to',
          'done with you',
          'leaving you',
        ],
      },
      refund: {
        severity: 0.6,
        phrases: ['refund*', 'money back', 'chargeback', 'reimburs*', 'compensat*', 'overcharg*'],
      },
      safety: {
        severity: 1,
        phrases: [
          'unsafe',
          'danger*',
          'injur*',
          'hurt',
          'food poisoning',
          'allergic reaction',
          'bed bugs',
          'bedbugs',
          'mould',
          'mold',
          'gas leak',
          'carbon monoxide',
          'fire alarm',
          'hazard*',
          'assault*',
        ],
      },
      legal: {
        severity: 0.9,
        phrases: [
          'lawyer*',
          'attorney*',
          'solicitor*',
          'sue',
          'suing',
          'lawsuit',
          'legal action',
          'small claims',
          'ombudsman',
          'trading standards',
          'report you to',
        ],
      },
    },
    repeat: { halfLifeHours: 24, cap: 3 },
  },
  priority: {
    weights: { value: 0.4, urgency: 0.4, influence: 0.2 },
    influenceCap: 15,
    protectedValue: 50,
    bands: [75, 60, 45, 30, 15],
    hysteresis: 3,
  },
  evidence: { maxEventIds: 20 },
});
