// Writes packages/contracts/json-schema/*.json from the zod contracts: `pnpm contracts:json-schema`.
// The folder is regenerated whole, so a removed topic leaves no stale file behind. Files go through
// prettier so `pnpm format:check` passes; the freshness test compares parsed JSON, not bytes.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as prettier from 'prettier';
import { jsonSchemaFiles } from '../src/json-schema.ts';

const outDir = join(import.meta.dirname, '..', 'json-schema');
const files = jsonSchemaFiles();

await rm(outDir, { recursive: true, force: true });
for (const { file, schema } of files) {
  const path = join(outDir, file);
  const options = (await prettier.resolveConfig(path)) ?? {};
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await prettier.format(JSON.stringify(schema), { ...options, filepath: path }));
}
console.log(`wrote ${files.length} JSON Schema files to ${outDir}`);
