import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../input/input-error.ts';
import { loadMapping, type Mapping, type MappingOverrides } from '../input/mapping.ts';
import { readRecords, type InputFormat } from '../input/read-records.ts';
import { stageFiles } from '../output/staged-files.ts';
import { writeCsv } from '../output/csv-writer.ts';
import type { Progress } from '../output/progress.ts';
import type { EngineSettings } from './engine.ts';

export interface ResolveOptions {
  files: string[];
  format: InputFormat;
  mapping?: string;
  mappingOverrides: MappingOverrides;
  model?: string;
  seed: number;
  /** Region for phone numbers without a country code (training only; a saved model keeps its own). */
  region?: string;
  saveModel?: string;
  outDir: string;
  /** Thresholds and guards (flags over a config file over the engine's defaults). */
  engine: EngineSettings;
}

export interface ResolveSummary {
  files: string[];
  records: number;
  clusters: number;
  multiRecordClusters: number;
  reviewPairs: number;
  droppedValues: Record<string, number>;
  model: { from: 'file' | 'trained'; path?: string; seed?: number };
  seconds: { read: number; model: number; resolve: number; write: number; total: number };
  engine: Record<string, unknown>;
}

/** Reads, models, resolves and writes; input problems surface as InputError before anything is written. */
export async function runResolve(options: ResolveOptions, progress: Progress): Promise<ResolveSummary> {
  const t0 = performance.now();
  const firstFile = options.files[0];
  if (firstFile === undefined) throw new InputError('no input file given');
  let mapping: Mapping | undefined;
  if (options.mapping !== undefined) {
    mapping = loadMapping(
      options.mapping,
      { source: basename(firstFile, extname(firstFile)) },
      options.mappingOverrides,
    );
  }

  progress.phase('reading', 100);
  const { records, dropped } = await readRecords(options.files, {
    format: options.format,
    mapping,
    onProgress: (bytes, total) => {
      progress.update(Math.round((bytes / Math.max(1, total)) * 100));
    },
  });
  progress.stop();
  const t1 = performance.now();

  // Loaded lazily: `rapport generate` and `--help` must not pay for (or depend on) the engine.
  const engine = await import('./engine.ts');
  let model: Awaited<ReturnType<typeof engine.trainEngineModel>>;
  if (options.model !== undefined) {
    let json: string;
    try {
      json = await readFile(options.model, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read the model: ${(error as Error).message}`, {
        file: options.model,
        code: 'file_unreadable',
      });
    }
    try {
      model = engine.loadEngineModel(json);
    } catch (error) {
      throw new InputError((error as Error).message, { file: options.model, code: 'model_invalid' });
    }
  } else {
    model = engine.trainEngineModel(records, {
      seed: options.seed,
      ...(options.region !== undefined && { region: options.region }),
      ...(mapping !== undefined && { attributes: mapping.attributes }),
    });
  }
  const t2 = performance.now();

  progress.phase('resolving', records.length);
  const result = engine.resolveWithEngine(records, model, options.engine, (done) => progress.update(done));
  progress.stop();
  const t3 = performance.now();

  const clustersPath = join(options.outDir, 'clusters.csv');
  const reviewPath = join(options.outDir, 'review.csv');
  const summaryPath = join(options.outDir, 'summary.json');
  const finalPaths = [clustersPath, reviewPath, summaryPath];
  if (options.saveModel !== undefined) finalPaths.push(resolvePath(options.saveModel));
  const staged = await stageFiles(finalPaths);
  try {
    await writeCsv(
      staged.temp(clustersPath),
      ['record_id', 'cluster_id'],
      (function* () {
        for (const record of records)
          yield [record.recordId, result.assignments.get(record.recordId) ?? record.recordId];
      })(),
    );
    await writeCsv(
      staged.temp(reviewPath),
      ['record_id_a', 'record_id_b', 'weight', 'probability', 'reason'],
      result.reviewPairs.map((p) => [
        p.recordIdA,
        p.recordIdB,
        p.weight.toFixed(3),
        p.probability.toFixed(4),
        p.reason,
      ]),
    );
    if (options.saveModel !== undefined) {
      await writeFile(staged.temp(resolvePath(options.saveModel)), engine.serialiseEngineModel(model));
    }
    const sizes = new Map<string, number>();
    for (const cluster of result.assignments.values()) sizes.set(cluster, (sizes.get(cluster) ?? 0) + 1);
    const t4 = performance.now();
    const summary: ResolveSummary = {
      files: options.files.map((f) => basename(f)),
      records: records.length,
      clusters: sizes.size,
      multiRecordClusters: [...sizes.values()].filter((n) => n > 1).length,
      reviewPairs: result.reviewPairs.length,
      droppedValues: dropped,
      model:
        options.model !== undefined
          ? { from: 'file', path: basename(options.model) }
          : { from: 'trained', seed: options.seed },
      seconds: {
        read: round((t1 - t0) / 1000),
        model: round((t2 - t1) / 1000),
        resolve: round((t3 - t2) / 1000),
        write: round((t4 - t3) / 1000),
        total: round((t4 - t0) / 1000),
      },
      engine: result.stats,
    };
    await writeFile(staged.temp(summaryPath), JSON.stringify(summary, null, 2) + '\n');
    await staged.commit();
    return summary;
  } catch (error) {
    await staged.abort();
    throw error;
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
