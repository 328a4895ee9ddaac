import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles } from './json-schema.ts';
import { allTopics } from './topics.ts';

const dir = join(import.meta.dirname, '..', 'json-schema');

async function filesOnDisk(folder: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (e) =>
      e.isDirectory() ? filesOnDisk(join(folder, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    ),
  );
  return nested.flat().sort();
}

describe('json-schema/', () => {
  const generated = jsonSchemaFiles();

  it('is up to date (run `pnpm contracts:json-schema` after changing a schema)', async () => {
    expect(await filesOnDisk(dir)).toEqual(generated.map((f) => f.file).sort());
    for (const { file, schema } of generated) {
      const onDisk: unknown = JSON.parse(await readFile(join(dir, file), 'utf8'));
      expect(onDisk, file).toEqual(schema);
    }
  });

  it('covers every event topic, and event schemas stay open to new fields', () => {
    for (const topic of allTopics.filter((t) => t.kind === 'event')) {
      const file = generated.find((f) => f.file === `${topic.name}.json`);
      expect(file, topic.name).toBeDefined();
      expect(file?.schema.additionalProperties, topic.name).toBeUndefined();
    }
  });
});
