import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing running; `integration` (*.int.test.ts) talks to the real
// Kafka, Postgres and Redis named by KAFKA_BROKERS, DATABASE_URL and REDIS_URL (./dev.sh test starts them).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'services/*/test/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          // Resolves KAFKA_BROKERS, DATABASE_URL and REDIS_URL once (or starts containers where a Docker
          // engine answers); without either the run fails before any test, naming the command to run.
          globalSetup: ['packages/testing/src/global-setup.ts'],
          include: [
            'packages/*/test/**/*.int.test.ts',
            'services/*/test/**/*.int.test.ts',
            'test/**/*.int.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: keep broker, database and test workers from starving each other.
          maxWorkers: 2,
        },
      },
    ],
  },
});
