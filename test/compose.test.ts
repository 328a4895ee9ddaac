// docker-compose.yml against the code: every service folder is deployed, health-checked, and given
// every variable its config schema requires. Runs without a Docker engine (the unit project).
import { readdirSync, readFileSync } from 'node:fs';
import { configVariables, type ConfigSchema } from '@rapport/service-kit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string | number | null> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition: string }> | string[];
}

// Compose accepts YAML 1.1 merge keys (`<<: *anchor`), which the shared service blocks use.
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const serviceFolders = readdirSync(new URL('services/', root), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function environmentOf(service: ComposeService): Map<string, string> {
  const env = service.environment ?? {};
  const pairs = Array.isArray(env)
    ? env.map((item) => [item.split('=')[0] ?? '', item.split('=').slice(1).join('=')] as const)
    : Object.entries(env).map(([name, value]) => [name, value === null ? '' : String(value)] as const);
  return new Map(pairs);
}

async function configSchemaOf(folder: string): Promise<ConfigSchema> {
  const module = (await import(`../services/${folder}/src/config.ts`)) as { configSchema?: ConfigSchema };
  if (!module.configSchema) throw new Error(`services/${folder}/src/config.ts must export configSchema`);
  return module.configSchema;
}

describe('docker-compose.yml', () => {
  it('has the five services this brief expects', () => {
    expect(serviceFolders).toEqual(['ingest-crm', 'ingest-loyalty', 'ingest-social', 'matcher', 'scoring']);
  });

  describe.each(serviceFolders)('%s', (folder) => {
    const service = compose.services[folder];

    it('is built from the shared Dockerfile for this folder', () => {
      expect(service, `services.${folder} missing`).toBeDefined();
      expect(service?.build).toMatchObject({
        context: '.',
        dockerfile: 'Dockerfile',
        args: { SERVICE: folder },
      });
    });

    it('has a healthcheck', () => {
      expect(service?.healthcheck?.disable).not.toBe(true);
      expect(service?.healthcheck?.test).toBeTruthy();
    });

    it('sets every variable its config schema requires', async () => {
      const required = configVariables(await configSchemaOf(folder))
        .filter((variable) => variable.required)
        .map((variable) => variable.name);
      expect(required.length).toBeGreaterThan(0);
      const env = environmentOf(service ?? {});
      const missing = required.filter((name) => !env.get(name));
      expect(missing, `${folder} lacks ${missing.join(', ')}`).toEqual([]);
    });

    it('starts after its infrastructure is healthy and setup has finished', async () => {
      const dependsOn = service?.depends_on;
      expect(Array.isArray(dependsOn)).toBe(false);
      const conditions = dependsOn as Record<string, { condition: string }>;
      expect(conditions.setup?.condition).toBe('service_completed_successfully');
      const needs = configVariables(await configSchemaOf(folder)).map((variable) => variable.name);
      const infra = { kafka: 'KAFKA_BROKERS', redis: 'REDIS_URL', postgres: 'DATABASE_URL' };
      for (const [name, variable] of Object.entries(infra)) {
        if (needs.includes(variable))
          expect(conditions[name]?.condition, `${folder} -> ${name}`).toBe('service_healthy');
      }
    });
  });

  it('runs Kafka 4.1.2 in KRaft mode without topic auto-creation', () => {
    const kafka = compose.services.kafka;
    expect(kafka?.image).toBe('apache/kafka:4.1.2');
    const env = environmentOf(kafka ?? {});
    expect(env.get('KAFKA_PROCESS_ROLES')).toBe('broker,controller');
    expect(env.get('KAFKA_AUTO_CREATE_TOPICS_ENABLE')).toBe('false');
  });

  it('has health-checked infrastructure and a one-shot setup job', () => {
    for (const name of ['kafka', 'postgres', 'redis'])
      expect(compose.services[name]?.healthcheck?.test, name).toBeTruthy();
    expect(compose.services.setup?.build?.target).toBe('workspace');
  });

  it('only interpolates variables that .env.example documents', () => {
    const documented = new Set(
      read('.env.example')
        .split('\n')
        .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
        .filter(Boolean),
    );
    const used = [...read('docker-compose.yml').matchAll(/(?<!\$)\$\{([A-Z][A-Z0-9_]*)/g)].map(
      (match) => match[1],
    );
    expect(used.length).toBeGreaterThan(0);
    expect([...new Set(used)].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('.env.example lists every variable a service reads', async () => {
    const documented = read('.env.example');
    for (const folder of serviceFolders) {
      for (const { name } of configVariables(await configSchemaOf(folder))) {
        expect(documented, `${name} (read by ${folder})`).toMatch(new RegExp(`^${name}=`, 'm'));
      }
    }
  });
});
