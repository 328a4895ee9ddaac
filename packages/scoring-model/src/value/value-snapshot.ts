import { z } from 'zod';
import type { ScoringConfig } from '../config/schema.ts';
import { clvOf } from './clv.ts';
import { fitBgNbd, fitGammaGamma, type FitSummary } from './fit.ts';
import type { GammaGammaParams } from './gamma-gamma.ts';
import { repeatSummary, windowStats, type PurchaseDays, type RepeatSummary } from './purchase-days.ts';
import { quantileBreakpoints, quantileGrid } from './quantiles.ts';

export const VALUE_SNAPSHOT_FORMAT = 'rapport.value-snapshot';
export const VALUE_SNAPSHOT_SCHEMA = 1;
/** Steps of the stored CLV distribution: ventiles. */
const CLV_GRID_STEPS = 20;

// zod's numbers are finite; constraints as checks (not refinements) so JSON Schema states them too.
const Finite = z.number();
const PositiveFinite = z.number().positive({ message: 'must be positive' });
const fitSummary = <S extends z.ZodRawShape>(params: S) =>
  z.object({
    params: z.object(params),
    logLikelihood: Finite,
    customers: z.int().min(1),
    iterations: z.int().min(0),
    evaluations: z.int().min(0),
    converged: z.boolean(),
  });

/**
 * The population parameters the value score is read against, fitted by a batch job and kept as a
 * versioned JSON value: the BG/NBD and Gamma-Gamma fits with their summaries, the RFM quintile
 * breakpoints and the CLV distribution. Amounts are in minor units.
 */
export const ValueSnapshotSchema = z.object({
  format: z.literal(VALUE_SNAPSHOT_FORMAT),
  schemaVersion: z.literal(VALUE_SNAPSHOT_SCHEMA),
  version: z.string().min(1).max(200),
  asOf: z.iso.datetime(),
  configVersion: z.string().min(1),
  timeUnitDays: PositiveFinite,
  bgNbd: fitSummary({ r: PositiveFinite, alpha: PositiveFinite, a: PositiveFinite, b: PositiveFinite }),
  gammaGamma: fitSummary({ p: PositiveFinite, q: PositiveFinite, gamma: PositiveFinite })
    .nullable()
    .describe('null when too few repeat buyers, or q <= 1 (no finite mean spend)'),
  rfm: z.object({
    windowDays: z.int().min(1),
    recencyDays: z.array(Finite).length(4),
    frequency: z.array(Finite).length(4),
    monetaryMinor: z.array(Finite).length(4),
  }),
  clv: z.object({ grid: z.array(Finite).length(CLV_GRID_STEPS + 1) }),
  population: z.object({
    customers: z.int().min(0),
    purchasers: z.int().min(1),
    repeatCustomers: z.int().min(0),
  }),
});
export type ValueSnapshot = z.output<typeof ValueSnapshotSchema>;

/** Parse a stored snapshot; one of another format or schema version is refused, not misread. */
export function parseValueSnapshot(json: unknown): ValueSnapshot {
  return ValueSnapshotSchema.parse(typeof json === 'string' ? JSON.parse(json) : json);
}

export interface FitValueOptions {
  /** End of the observation period, epoch milliseconds. */
  asOf: number;
  config: ScoringConfig;
  /** Snapshot version; default `value-<asOf date>-<config version>`. */
  version?: string;
}

/**
 * The batch fit (`rapport fit-value`): purchase histories in, a parameter snapshot out. Pure: the
 * observation end and the configuration are parameters.
 */
export function fitValueSnapshot(histories: Iterable<PurchaseDays>, options: FitValueOptions): ValueSnapshot {
  const { asOf, config } = options;
  const unit = config.value.clv.timeUnitDays;
  const windowDays = config.value.rfm.windowDays;
  let customers = 0;
  const summaries: RepeatSummary[] = [];
  const recency: number[] = [];
  const frequency: number[] = [];
  const monetary: number[] = [];
  for (const history of histories) {
    customers++;
    const summary = repeatSummary(history, asOf, unit);
    const window = windowStats(history, asOf, windowDays);
    if (summary === undefined || window === undefined) continue;
    summaries.push(summary);
    recency.push(window.recencyDays);
    frequency.push(window.frequency);
    monetary.push(window.monetaryMinor);
  }
  if (summaries.length === 0) throw new RangeError('no customer has purchased before asOf: nothing to fit');

  const bgNbd = fitBgNbd(summaries);
  const repeat = summaries.filter((s) => s.x > 0 && s.meanRepeatMinor > 0);
  let gammaGamma: FitSummary<GammaGammaParams> | null = null;
  if (repeat.length >= 2) {
    const fit = fitGammaGamma(repeat.map((s) => ({ x: s.x, mx: s.meanRepeatMinor })));
    if (fit.params.q > 1) gammaGamma = fit;
  }
  const clvs = summaries.map((s) => clvOf(s, bgNbd.params, gammaGamma?.params ?? null, config).clv);
  const asOfIso = new Date(asOf).toISOString();
  return {
    format: VALUE_SNAPSHOT_FORMAT,
    schemaVersion: VALUE_SNAPSHOT_SCHEMA,
    version: options.version ?? `value-${asOfIso.slice(0, 10)}-${config.version}`,
    asOf: asOfIso,
    configVersion: config.version,
    timeUnitDays: unit,
    bgNbd,
    gammaGamma,
    rfm: {
      windowDays,
      recencyDays: quantileBreakpoints(recency, 5),
      frequency: quantileBreakpoints(frequency, 5),
      monetaryMinor: quantileBreakpoints(monetary, 5),
    },
    clv: { grid: quantileGrid(clvs, CLV_GRID_STEPS) },
    population: { customers, purchasers: summaries.length, repeatCustomers: repeat.length },
  };
}
