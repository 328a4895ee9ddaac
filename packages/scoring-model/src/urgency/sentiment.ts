import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

// Loaded on first use (about 150 ms), not at import: consumers that never score text never pay for it.
let nlp: WinkMethods | undefined;

/**
 * The annotations sentiment needs: sentence boundaries, negation and sentiment itself. wink-nlp runs every
 * annotation of the model unless told otherwise; named entities, custom entities and part-of-speech tags
 * are computed apart from sentiment (and POS after it), took more than half of a post's time here, and
 * nothing reads them.
 */
export const SENTIMENT_PIPE = ['sbd', 'negation', 'sentiment'];

/**
 * The sentiment of each sentence (−1..1) by wink-nlp's English model (a lexicon with negation and
 * intensifier handling, as in VADER-style analysers). Scored per sentence because a complaint is often
 * one sentence among polite ones, and the document mean would dilute it.
 */
export function sentenceSentiments(text: string): number[] {
  nlp ??= winkNLP(model, SENTIMENT_PIPE);
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  return doc.sentences().out(its.sentiment) as number[];
}
