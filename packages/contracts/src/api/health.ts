import { z } from 'zod';

/** `GET /healthz`: the process is alive. It checks no dependency, so an outage causes no restart storm. */
export const HealthResponse = z
  .object({ status: z.literal('ok') })
  .describe('Liveness')
  .meta({ examples: [{ status: 'ok' }] });
export type HealthResponse = z.output<typeof HealthResponse>;

export const ReadinessCheck = z.object({
  ok: z.boolean(),
  latencyMs: z.number().min(0).optional(),
  detail: z.string().optional().describe('Why it failed; no secrets or connection strings'),
});

/** `GET /readyz`: 200 when every check passes, 503 otherwise, with the same body. */
export const ReadyResponse = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.record(z.string(), ReadinessCheck).describe('By dependency: postgres, redis, kafka, consumer'),
  })
  .describe('Readiness')
  .meta({
    examples: [
      {
        status: 'not_ready',
        checks: {
          postgres: { ok: true, latencyMs: 2 },
          kafka: { ok: false, detail: 'consumer loop idle for 45s' },
        },
      },
    ],
  });
export type ReadyResponse = z.output<typeof ReadyResponse>;
