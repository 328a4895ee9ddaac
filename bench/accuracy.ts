// Accuracy on labelled person files the engine was not built on (see bench/lib/accuracy-sets.ts): train
// without labels, resolve with the one default configuration, score the clusters against the truth.
// Thresholds are the engine's defaults, fixed before any label is seen. `--peer splink` also runs Splink's
// own example model for each file in the same run (Python environment under .rapport/, see bench/peer/),
// scored by the same code. `--only <name>` runs one data set; `--explain` prints the lost true pairs.
// `--fleet` resolves Febrl 4 (with and without soc_sec_id) through the running fleet instead, beside the
// batch path in the same run (bench/lib/accuracy-fleet.ts), written to bench/results/accuracy-fleet.json:
// the batch path on the files as they are, and on the records as the fleet received them (the CRM API
// refuses a birth date that is no calendar date), which the fleet's F1 must equal (f1_difference).
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG, resolveBatch, trainModel, type BatchResult } from '@rapport/matching';
import { loadMapping, readRecords } from '@rapport/cli';
import type { PersonRecord } from '@rapport/contracts';
import { asPosted, resolveThroughFleet } from './lib/accuracy-fleet.ts';
import { ACCURACY_SETS, type AccuracySet } from './lib/accuracy-sets.ts';
import { bcubedF1, pairwiseScores } from './lib/pairwise.ts';
import { finish, round, type Figures } from './lib/report.ts';
import { runSplink } from './lib/splink-peer.ts';

const SEED = 20240601;
const here = dirname(fileURLToPath(import.meta.url));
const MAPPINGS = join(here, '../packages/cli/examples');

const { values: flags } = parseArgs({
  options: {
    peer: { type: 'string' },
    only: { type: 'string' },
    explain: { type: 'boolean', default: false },
    fleet: { type: 'boolean', default: false },
  },
});
if (flags.peer !== undefined && flags.peer !== 'splink') throw new Error(`unknown peer ${flags.peer}`);

interface Pair {
  a: string;
  b: string;
}

/** The figures every engine is reported with, from its clusters, its compared pairs and its review queue. */
function figures(
  assignments: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, string>,
  compared: { comparisons: number; truePairsCompared: number },
  review: readonly Pair[],
  seconds: number,
): Figures {
  const pw = pairwiseScores(assignments, truth);
  const b3 = bcubedF1(assignments, truth);
  const trueInReview = review.filter((p) => truth.get(p.a) === truth.get(p.b)).length;
  return {
    precision: round(pw.precision, 5),
    recall: round(pw.recall, 5),
    f1: round(pw.f1, 5),
    bcubed_f1: round(b3.f1, 5),
    pair_completeness: round(compared.truePairsCompared / Math.max(1, pw.true_pairs), 5),
    comparisons_pairs: compared.comparisons,
    review_pairs: review.length,
    review_true_share: review.length === 0 ? 0 : round(trueInReview / review.length, 4),
    true_pairs: pw.true_pairs,
    seconds: round(seconds, 2),
  };
}

function explain(set: AccuracySet, result: BatchResult, truth: ReadonlyMap<string, string>): void {
  const byReason = new Map<string, [number, number]>();
  for (const p of result.reviewPairs) {
    const entry = byReason.get(p.reason) ?? [0, 0];
    entry[0]++;
    if (truth.get(p.a) === truth.get(p.b)) entry[1]++;
    byReason.set(p.reason, entry);
  }
  console.log(
    `  review pairs by reason (all/true): ${[...byReason].map(([k, [n, t]]) => `${k}=${n}/${t}`).join(', ') || 'none'}`,
  );
  const st = result.stats;
  console.log(
    `  by first rule (comparisons/true pairs/true links): ${Object.keys(st.comparisonsByRule)
      .filter((k) => st.comparisonsByRule[k]! > 0)
      .map(
        (k) =>
          `${k}=${st.comparisonsByRule[k]}/${st.truePairsByRule?.[k] ?? 0}/${st.trueLinksByRule?.[k] ?? 0}`,
      )
      .join(', ')}`,
  );
  console.log(`  refused by guard: ${JSON.stringify(st.refusedByGuard)} (${set.name})`);
}

async function runRapport(
  set: AccuracySet,
  truth: Map<string, string>,
  as: (r: PersonRecord) => PersonRecord = (r) => r,
): Promise<Figures> {
  const mapping = loadMapping(join(MAPPINGS, set.mapping), { source: set.name });
  const records = (await readRecords(set.files, { format: 'csv', mapping })).records.map(as);
  const t0 = performance.now();
  // The mapping's extra attributes are compared, as `rapport resolve` compares them.
  const attributes = mapping.attributes;
  const model = trainModel(records, {
    seed: SEED,
    ...(attributes.length > 0 && { normalise: { attributes } }),
  });
  const result = resolveBatch(records, { model, labels: truth });
  const seconds = (performance.now() - t0) / 1000;
  const pc = result.stats.pairCompleteness ?? 0;
  const truePairs = pairwiseScores(truth, truth).true_pairs;
  const out = figures(
    result.assignments,
    truth,
    { comparisons: result.stats.comparisons, truePairsCompared: Math.round(pc * truePairs) },
    result.reviewPairs,
    seconds,
  );
  out['lambda'] = model.lambda;
  if (flags.explain) explain(set, result, truth);
  return out;
}

async function runPeer(splink: string, set: AccuracySet, truth: Map<string, string>): Promise<Figures> {
  const peer = await runSplink(splink, set.files);
  let truePairsCompared = 0;
  // The same band as Rapport's review queue: a maybe that clustering left apart, one per pair of
  // clusters (the strongest), as Rapport lists them.
  const review = new Map<string, Pair & { p: number }>();
  for (const p of peer.pairs) {
    if (truth.get(p.a) === truth.get(p.b)) truePairsCompared++;
    const ca = peer.assignments.get(p.a);
    const cb = peer.assignments.get(p.b);
    if (p.p < DEFAULT_CONFIG.reviewProbability || p.p >= DEFAULT_CONFIG.linkProbability || ca === cb)
      continue;
    const key = ca! < cb! ? `${ca}|${cb}` : `${cb}|${ca}`;
    if ((review.get(key)?.p ?? -1) < p.p) review.set(key, p);
  }
  return figures(
    peer.assignments,
    truth,
    { comparisons: peer.pairs.length, truePairsCompared },
    [...review.values()],
    peer.seconds,
  );
}

/** The same records through ingest-crm and the matcher, scored by the same code. */
async function runFleet(set: AccuracySet, truth: Map<string, string>): Promise<Figures> {
  const { records } = await readRecords(set.files, {
    format: 'csv',
    mapping: loadMapping(join(MAPPINGS, set.mapping), { source: set.name }),
  });
  const log = (line: string) => console.log(`  [fleet] ${line}`);
  const fleet = await resolveThroughFleet(records, { seed: SEED, log });
  const pw = pairwiseScores(fleet.assignments, truth);
  return {
    precision: round(pw.precision, 5),
    recall: round(pw.recall, 5),
    f1: round(pw.f1, 5),
    bcubed_f1: round(bcubedF1(fleet.assignments, truth).f1, 5),
    customers: fleet.customers,
    birth_dates_refused_by_api: fleet.birthDatesDropped,
    true_pairs: pw.true_pairs,
    seconds: round(fleet.seconds, 2),
  };
}

if (flags.fleet) {
  const fleetResults: Figures = {};
  for (const set of ACCURACY_SETS.filter((s) => s.name.startsWith('febrl4'))) {
    console.log(`\n== ${set.name} (fleet) ==`);
    const truth = await set.truth();
    const batch = await runRapport(set, truth);
    // The batch path on the very records the fleet was given: what the fleet must equal.
    const batchAsPosted = await runRapport(set, truth, asPosted);
    const fleet = await runFleet(set, truth);
    console.log(
      `  batch F1 ${batch['f1']}  batch on the posted records ${batchAsPosted['f1']}  fleet F1 ${fleet['f1']}  (P ${fleet['precision']} R ${fleet['recall']})`,
    );
    const f1 = (f: Figures) => f['f1'] as number;
    fleetResults[set.name] = {
      batch,
      batch_as_posted: batchAsPosted,
      fleet,
      f1_difference: round(f1(fleet) - f1(batchAsPosted), 5),
      f1_difference_to_file: round(f1(fleet) - f1(batch), 5),
    };
  }
  finish('accuracy-fleet', { sets: fleetResults });
  process.exit(0);
}

const results: Figures = {};
const sets = ACCURACY_SETS.filter((s) => flags.only === undefined || s.name === flags.only);
for (const set of sets) {
  console.log(`\n== ${set.name} ==`);
  const truth = await set.truth();
  const rapport = await runRapport(set, truth);
  const row: Figures = { rapport };
  if (flags.peer === 'splink' && set.splink !== undefined)
    row['splink'] = await runPeer(set.splink, set, truth);
  results[set.name] = row;
  for (const [engine, f] of Object.entries(row) as [string, Figures][])
    console.log(
      `  ${engine.padEnd(8)} P ${f['precision']}  R ${f['recall']}  F1 ${f['f1']}  B3 ${f['bcubed_f1']}  PC ${f['pair_completeness']}  ` +
        `comparisons ${f['comparisons_pairs']}  review ${f['review_pairs']} (${f['review_true_share']} true)  ${f['seconds']} s`,
    );
}

const f1 = (name: string): number =>
  ((results[name] as Figures | undefined)?.['rapport'] as Figures | undefined)?.['f1'] as number;
const pc = (name: string): number =>
  ((results[name] as Figures | undefined)?.['rapport'] as Figures | undefined)?.[
    'pair_completeness'
  ] as number;
// The issue's floors: Febrl 4 no lower than before, Febrl 3 and fake_1000 above the Splink peer.
const TARGETS: Record<string, number> = {
  febrl4: 0.9997,
  'febrl4-without-id': 0.9918,
  febrl3: 0.998,
  'febrl3-without-id': 0.99,
  fake_1000: 0.93,
};
// Generated rows have no target: they show whether a fix holds beyond the files, not a score to reach.
const met = sets
  .filter((s) => s.generated !== true)
  .every((s) => f1(s.name) >= TARGETS[s.name]! && pc(s.name) >= 0.99);
finish(
  'accuracy',
  {
    link_probability_threshold: DEFAULT_CONFIG.linkProbability,
    review_probability_threshold: DEFAULT_CONFIG.reviewProbability,
    targets_f1: TARGETS,
    targets_met: met,
    sets: results,
  },
  { write: flags.only === undefined },
);
