import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Outputs are written beside their final names as hidden temporary files and renamed into place only when all
 * of them are complete, so a failed or interrupted run leaves no partial results (renames within a directory
 * are atomic; a crash between two renames can at worst leave an older file beside a newer one).
 */
export interface StagedFiles {
  /** The temporary path to write `finalPath` to. */
  temp(finalPath: string): string;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function stageFiles(finalPaths: string[]): Promise<StagedFiles> {
  const temps = new Map<string, string>();
  for (const finalPath of finalPaths) {
    await mkdir(dirname(finalPath), { recursive: true });
    temps.set(finalPath, join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}.tmp`));
  }
  return {
    temp(finalPath) {
      const temp = temps.get(finalPath);
      if (temp === undefined) throw new Error(`${finalPath} was not staged`);
      return temp;
    },
    async commit() {
      for (const [finalPath, temp] of temps) await rename(temp, finalPath);
    },
    async abort() {
      for (const temp of temps.values()) await rm(temp, { force: true });
    },
  };
}
