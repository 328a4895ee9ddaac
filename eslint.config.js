// One lint config for the workspace. Besides the usual rules it enforces the direction of dependencies
// from ../shared/STYLE.md: pure packages do no I/O, infrastructure never imports a service, services
// never import each other, routes and consumers reach infrastructure only through use cases and adapters.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const infraClients = ['pg', 'ioredis', 'kafkajs', 'fastify', 'pino', 'testcontainers'];
const services = ['ingest-loyalty', 'ingest-social', 'ingest-crm', 'matcher', 'scoring'];
const servicePackages = services.map((s) => `@rapport/${s}`);

const banImports = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

const purePackages = [
  'packages/matching/src/**',
  'packages/scoring-model/src/**',
  'packages/contracts/src/**',
  'packages/datagen/src/**',
];
const kafkaOrServiceMessage =
  'kafkajs stays behind @rapport/kafka, and infrastructure packages never import a service.';
const serviceMessage =
  'Services share only @rapport/contracts and the infrastructure packages (kafkajs only through @rapport/kafka), never each other or deep imports.';
const layerMessage =
  'Routes and consumers call use cases; SQL, Redis and Kafka live in adapters. ' + serviceMessage;
const pureMessage =
  'Pure packages do no I/O: take it as a parameter (see STYLE.md, Direction of dependencies).';

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
    files: purePackages,
    ignores: ['**/*.test.ts'],
    rules: {
      ...banImports(
        [
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
        ['@rapport/kafka', '@rapport/db', '@rapport/service-kit', '@rapport/testing', ...servicePackages],
        pureMessage,
      ),
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: pureMessage },
        { object: 'Date', property: 'now', message: 'Pass the clock in: ' + pureMessage },
        { object: 'Math', property: 'random', message: 'Pass a seeded generator in: ' + pureMessage },
      ],
    },
  },
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
            ['pg', 'ioredis', 'kafkajs', '@rapport/db', '@rapport/redis'],
            otherServices,
            layerMessage,
          ),
        },
      ];
    })
    .flat(),
);
