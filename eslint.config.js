// One lint config for the workspace. Besides the usual rules it enforces the direction of dependencies
// from ../shared/STYLE.md: pure packages do no I/O, infrastructure never imports a service, services
// never import each other, routes and consumers reach infrastructure only through use cases and adapters;
// no module imports itself through a cycle; promises are awaited or handed on, never dropped.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const infraClients = ['pg', 'ioredis', 'kafkajs', 'fastify', 'pino', 'testcontainers'];
// Every folder of services/ is a service: a new one gets its rules without being named here.
const services = readdirSync(new URL('./services', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const servicePackages = services.map((s) => `@rapport/${s}`);

const banImports = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      // A pattern is a gitignore-style group; an array is one group with its exceptions (`!name`).
      patterns: patterns.map((group) => ({ group: [group].flat(), message })),
    },
  ],
});

// scoring-model is being written (issue 10); its rules are in place before its first file.
const pure = ['matching', 'scoring-model', 'contracts', 'datagen'];
const purePackages = pure.map((name) => `packages/${name}/src/**`);
const kafkaOrServiceMessage =
  'kafkajs stays behind @rapport/kafka, and infrastructure packages never import a service.';
const serviceMessage =
  'Services share only @rapport/contracts and the infrastructure packages (kafkajs only through @rapport/kafka), never each other or deep imports.';
const layerMessage =
  'Routes and consumers call use cases; SQL, Redis and Kafka live in adapters. ' + serviceMessage;
const pureMessage =
  'Pure packages do no I/O: take it as a parameter (see STYLE.md, Direction of dependencies).';
const pureBans = {
  paths: [
    ...infraClients,
    'node:fs',
    'node:fs/promises',
    'node:net',
    'node:http',
    'node:child_process',
    'fs',
    'net',
    'http',
  ],
  // Of the workspace, only other pure packages.
  patterns: [['@rapport/*', ...pure.map((name) => `!@rapport/${name}`)]],
};

// Layers inside @rapport/matching (packages/matching/README.md): each folder imports only the folders
// listed for it, none above it. Tests may import anything (they use fixtures and the in-memory store).
const matchingLayers = {
  normalise: [],
  compare: ['normalise'],
  evidence: ['normalise'],
  guard: ['normalise'],
  survive: ['normalise'],
  block: ['normalise', 'compare'],
  model: ['normalise', 'compare', 'block', 'guard'],
  cluster: ['normalise', 'evidence'],
  fixtures: ['normalise', 'compare', 'block', 'model'],
  resolve: ['normalise', 'compare', 'evidence', 'guard', 'block', 'model', 'cluster'],
  explain: ['normalise', 'compare', 'evidence', 'model', 'resolve'],
  store: ['normalise', 'guard', 'resolve', 'fixtures'],
};
// A later no-restricted-imports replaces an earlier one for the same file, so these repeat the pure bans.
const matchingLayerRules = Object.entries(matchingLayers).map(([folder, allowed]) => {
  const above = Object.keys(matchingLayers).filter((f) => f !== folder && !allowed.includes(f));
  const message = `packages/matching/src/${folder} may import only ${allowed.join(', ') || 'nothing else in the package'}: lower layers, never upwards.`;
  const pureRule = banImports(pureBans.paths, pureBans.patterns, pureMessage)['no-restricted-imports'][1];
  return {
    files: [`packages/matching/src/${folder}/**`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: pureRule.paths,
          patterns: [...pureRule.patterns, { group: above.map((f) => `../${f}/*`), message }],
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.rapport/**', 'bench/results/**', '**/json-schema/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Type-aware rules that cost little: a dropped promise loses its error (and, in a consumer, a record).
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // No import cycles: a cycle makes load order decide what a module sees (undefined at import time).
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: purePackages,
    ignores: ['**/*.test.ts'],
    rules: {
      ...banImports(pureBans.paths, pureBans.patterns, pureMessage),
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: pureMessage },
        { object: 'Date', property: 'now', message: 'Pass the clock in: ' + pureMessage },
        { object: 'Math', property: 'random', message: 'Pass a seeded generator in: ' + pureMessage },
      ],
    },
  },
  ...matchingLayerRules,
  {
    files: ['packages/*/src/**'],
    ignores: [...purePackages, 'packages/kafka/src/**', 'packages/testing/src/**'],
    rules: banImports(['kafkajs'], servicePackages, kafkaOrServiceMessage),
  },
  {
    files: ['packages/kafka/src/**', 'packages/testing/src/**'],
    rules: banImports([], servicePackages, 'Infrastructure packages never import a service.'),
  },
  ...services
    .map((svc) => {
      const otherServices = [
        ...servicePackages.filter((p) => p !== `@rapport/${svc}`),
        '../../*/src/**',
        '@rapport/*/src/**',
      ];
      const envRule = {
        'no-restricted-properties': [
          'error',
          {
            object: 'process',
            property: 'env',
            message: 'Only server.ts reads process.env: pass config down.',
          },
        ],
      };
      return [
        {
          files: [`services/${svc}/src/**`],
          ignores: [`services/${svc}/src/server.ts`],
          rules: { ...banImports(['kafkajs'], otherServices, serviceMessage), ...envRule },
        },
        {
          // Routes and consumers call use cases; SQL, Redis and Kafka live in adapters.
          files: [`services/${svc}/src/routes/**`, `services/${svc}/src/consumers/**`],
          rules: banImports(
            ['pg', 'ioredis', 'kafkajs', '@rapport/db', '@rapport/redis', '@rapport/outbox'],
            otherServices,
            layerMessage,
          ),
        },
      ];
    })
    .flat(),
);
