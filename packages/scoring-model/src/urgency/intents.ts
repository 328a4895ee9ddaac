import type { IntentName, ScoringConfig } from '../config/schema.ts';

type Intents = ScoringConfig['urgency']['intents'];
const compiled = new WeakMap<Intents, { name: IntentName; severity: number; pattern: RegExp }[]>();

/** "refund*" matches refund, refunds, refunded; "never again" matches across any spacing. */
function phrasePattern(phrase: string): string {
  const open = phrase.endsWith('*');
  const words = (open ? phrase.slice(0, -1) : phrase)
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/'/g, "['’]"));
  return `\\b${words.join('\\s+')}${open ? '\\w*' : '\\b'}`;
}

function rules(intents: Intents) {
  let list = compiled.get(intents);
  if (list === undefined) {
    list = Object.entries(intents)
      .filter((entry): entry is [IntentName, NonNullable<(typeof entry)[1]>] => entry[1] !== undefined)
      .map(([name, intent]) => ({
        name,
        severity: intent.severity,
        pattern: new RegExp(intent.phrases.map(phrasePattern).join('|'), 'iu'),
      }))
      .sort((p, q) => (p.name < q.name ? -1 : 1));
    compiled.set(intents, list);
  }
  return list;
}

export interface FiredIntent {
  name: IntentName;
  severity: number;
}

/** The intents whose phrases occur in the text (case-insensitive, whole words), in name order. */
export function detectIntents(text: string, intents: Intents): FiredIntent[] {
  return rules(intents)
    .filter((rule) => rule.pattern.test(text))
    .map(({ name, severity }) => ({ name, severity }));
}
