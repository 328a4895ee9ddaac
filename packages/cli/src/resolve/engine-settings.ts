import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fileProblem, InputError } from '../input/input-error.ts';
import type { EngineSettings } from './engine.ts';

const probability = z.number().gt(0).lt(1);
const count = z.number().int().min(1);

/**
 * A config file for `rapport resolve --config`: thresholds and guards. Every key is optional; the engine's
 * label-free defaults apply to what is absent (link at probability 0.5, strong links from 0.99, review from 0.05).
 */
export const EngineSettingsFile = z
  .object({
    linkProbability: probability.optional(),
    strongLinkProbability: probability.optional(),
    reviewProbability: probability.optional(),
    maxBlockSize: count.optional(),
    maxPeoplePerIdentifier: count.optional(),
    maxClusterSize: count.optional(),
    contradictionWeight: z.number().optional(),
  })
  .strict();

/** The settings from a config file (if any) with flags over them, checked before any work starts. */
export function engineSettings(configFile: string | undefined, flags: EngineSettings): EngineSettings {
  let fromFile: EngineSettings = {};
  if (configFile !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(configFile, 'utf8'));
    } catch (error) {
      throw new InputError(`cannot read the config: ${(error as Error).message}`, {
        file: configFile,
        code: 'file_unreadable',
      });
    }
    const parsed = EngineSettingsFile.safeParse(json);
    if (!parsed.success) throw fileProblem(parsed.error, configFile, 'config_invalid');
    fromFile = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  }
  const settings = { ...fromFile, ...flags };
  const checked = EngineSettingsFile.safeParse(settings);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new InputError(`${issue?.path.join('.')}: ${issue?.message}`, { code: 'config_invalid' });
  }
  const link = settings.linkProbability ?? 0.5;
  if (settings.reviewProbability !== undefined && settings.reviewProbability > link)
    throw new InputError(
      `the review probability ${settings.reviewProbability} is above the link probability ${link}`,
      {
        code: 'config_invalid',
      },
    );
  if (settings.strongLinkProbability !== undefined && settings.strongLinkProbability < link)
    throw new InputError(
      `the strong-link probability ${settings.strongLinkProbability} is below the link probability ${link}`,
      { code: 'config_invalid' },
    );
  return settings;
}
