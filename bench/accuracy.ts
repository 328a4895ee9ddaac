// Accuracy benchmark on Febrl 4 (see /work/shared/data/febrl4/README.md): train without labels,
// resolve the two files as one set of records, score pairwise against the known true links.
// Thresholds are the engine defaults, fixed before looking at any label: link at match probability
// >= 0.5 (the Bayes decision, posterior from the EM-estimated prior lambda), review from 0.05.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG, resolveBatch, trainModel, type MatchModel } from '@rapport/matching';
import { loadMapping, readRecords } from '@rapport/cli';
import { entityOf } from './accuracy-febrl.ts';
import { pairwiseScores } from './accuracy-metrics.ts';

const DATA_DIR = process.env['FEBRL4_DIR'] ?? '/work/shared/data/febrl4';
const SEED = 20240601;
const here = dirname(fileURLToPath(import.meta.url));

function muTable(model: MatchModel): string {
  const lines: string[] = ['  comparison     level        m          u          weight(bits)'];
  for (const c of model.comparisons) {
    for (const l of c.levels.slice(1)) {
      if (c.name === 'email' || c.name === 'phone' || c.name === 'handle') continue;
      lines.push(
        `  ${c.name.padEnd(14)} ${l.label.padEnd(11)} ${l.m.toExponential(3).padStart(10)} ${l.u.toExponential(3).padStart(10)} ${Math.log2(
          l.m / l.u,
        )
          .toFixed(2)
          .padStart(8)}`,
      );
    }
  }
  return lines.join('\n');
}

// The files are read exactly as `rapport resolve` reads them: the CLI's CSV reader and the example
// mapping files (which drop Febrl's deliberately impossible birth dates and count them).
const MAPPINGS = join(here, '../packages/cli/examples');

async function run(withId: boolean) {
  const mappingFile = join(MAPPINGS, withId ? 'febrl-mapping.json' : 'febrl-mapping-without-ssn.json');
  const { records } = await readRecords([join(DATA_DIR, 'dataset4a.csv'), join(DATA_DIR, 'dataset4b.csv')], {
    format: 'csv',
    mapping: loadMapping(mappingFile, { source: 'febrl' }),
  });
  const truth = new Map(records.map((r) => [r.recordId, entityOf(r.recordId)]));
  const t0 = performance.now();
  const model = trainModel(records, { seed: SEED });
  const t1 = performance.now();
  const result = resolveBatch(records, { model, labels: truth });
  const t2 = performance.now();
  const scores = pairwiseScores(result.assignments, truth);
  return {
    model,
    result,
    scores,
    trainSeconds: (t1 - t0) / 1000,
    resolveSeconds: (t2 - t1) / 1000,
    records: records.length,
  };
}

const label = (withId: boolean): string => (withId ? 'with soc_sec_id' : 'without soc_sec_id');
const runs = [];
for (const withId of [true, false]) runs.push({ withId, ...(await run(withId)) });

for (const r of runs) {
  console.log(`\n== Febrl 4, ${label(r.withId)}: ${r.records} records resolved as one set ==`);
  console.log(
    `lambda (EM prior, P(two random records match)) = ${r.model.lambda.toExponential(4)}; link threshold: probability >= ${DEFAULT_CONFIG.linkProbability}, review >= ${DEFAULT_CONFIG.reviewProbability}`,
  );
  console.log(
    `EM sessions: ${r.model.em.map((s) => `${s.rule}(${s.iterations} it${s.converged ? '' : ', not converged'})`).join(', ')}`,
  );
  console.log(muTable(r.model));
  console.log(
    `comparisons: ${r.result.stats.comparisons} (${Object.entries(r.result.stats.comparisonsByRule)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')})`,
  );
  console.log(`pair completeness: ${r.result.stats.pairCompleteness?.toFixed(5)}`);
  const st = r.result.stats;
  console.log(
    `by first rule (comparisons/true pairs/true links): ${Object.keys(st.comparisonsByRule)
      .map(
        (k) =>
          `${k}=${st.comparisonsByRule[k]}/${st.truePairsByRule?.[k] ?? 0}/${st.trueLinksByRule?.[k] ?? 0}`,
      )
      .join(', ')}`,
  );
  // True pairs left apart that a steward would see, by the reason they were held back.
  const missed = new Map<string, number>();
  const truthOf = (id: string): string => entityOf(id);
  for (const p of r.result.reviewPairs) {
    if (truthOf(p.a) !== truthOf(p.b)) continue;
    missed.set(p.reason, (missed.get(p.reason) ?? 0) + 1);
  }
  console.log(
    `true pairs in review, by reason: ${[...missed].map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}`,
  );
  console.log(
    `clusters: ${r.result.stats.clusters}, review pairs: ${r.result.reviewPairs.length}, related: ${r.result.related.length}`,
  );
  console.log(
    `pairs: true ${r.scores.truePairs}, predicted ${r.scores.predictedPairs}, correct ${r.scores.truePositives}`,
  );
  console.log(
    `precision ${r.scores.precision.toFixed(5)}  recall ${r.scores.recall.toFixed(5)}  F1 ${r.scores.f1.toFixed(5)}`,
  );
  console.log(`time: train ${r.trainSeconds.toFixed(2)} s, resolve ${r.resolveSeconds.toFixed(2)} s`);
}

const [w, wo] = runs as [(typeof runs)[0], (typeof runs)[0]];
const round = (x: number, d = 6): number => Number(x.toFixed(d));
const summary = {
  dataset: 'febrl4',
  records: w.records,
  link_probability_threshold: DEFAULT_CONFIG.linkProbability,
  f1_with_id: round(w.scores.f1),
  precision_with_id: round(w.scores.precision),
  recall_with_id: round(w.scores.recall),
  pair_completeness_with_id: round(w.result.stats.pairCompleteness ?? 0),
  comparisons_with_id_pairs: w.result.stats.comparisons,
  lambda_with_id: w.model.lambda,
  seconds_with_id: round(w.trainSeconds + w.resolveSeconds, 3),
  f1_without_id: round(wo.scores.f1),
  precision_without_id: round(wo.scores.precision),
  recall_without_id: round(wo.scores.recall),
  pair_completeness_without_id: round(wo.result.stats.pairCompleteness ?? 0),
  comparisons_without_id_pairs: wo.result.stats.comparisons,
  lambda_without_id: wo.model.lambda,
  seconds_without_id: round(wo.trainSeconds + wo.resolveSeconds, 3),
  seconds: round(w.trainSeconds + w.resolveSeconds + wo.trainSeconds + wo.resolveSeconds, 3),
  targets_met: w.scores.f1 >= 0.999 && wo.scores.f1 >= 0.98,
};
const json = JSON.stringify(summary);
const out = join(here, 'results', 'accuracy.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, json + '\n');
console.log(
  `\nTargets: F1 >= 0.999 with soc_sec_id, >= 0.98 without. Met: ${summary.targets_met}. Written to bench/results/accuracy.json`,
);
console.log(json);
