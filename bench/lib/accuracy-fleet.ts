// `pnpm bench:accuracy --fleet`: the same labelled records through the running fleet instead of the batch
// path. ingest-crm and the matcher are started by `./dev.sh up` on a private database, topic prefix,
// consumer group, Redis prefix and ports; every record is posted to `POST /v1/crm/contacts/batch` as the
// CRM contact it describes; once the matcher has applied them all, `rapport train` fits a model on the
// matcher's own records (seeded as the batch path's) and `rapport matcher use-model` re-resolves every
// record under it, as an operator would; the customers are then read back over the matcher's REST API
// (`POST /v1/customers/lookup` by CRM id) and scored by the same pairwise code as the batch path.
import { execFile } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CrmContactBody, PersonRecord } from '@rapport/contracts';
import { repoRoot } from '@rapport/testing/fleet';
import { inParallel } from './open-loop.ts';
import { matcherApplied, privateFleet } from './private-fleet.ts';

const run = promisify(execFile);
const UPDATED_AT = '2024-06-01T00:00:00Z';

/** A labelled record as the CRM contact a REST client would post. */
function contactOf(r: PersonRecord): CrmContactBody {
  const names = Object.fromEntries(
    Object.entries({ given: r.givenName, family: r.familyName }).filter(([, v]) => v !== undefined),
  );
  const addresses = r.addresses
    .map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined && v !== '')))
    .filter((a) => Object.keys(a).length > 0);
  return {
    crmId: r.sourceRecordId,
    ...(Object.keys(names).length > 0 && { names }),
    ...(r.birthDate !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(r.birthDate) && { birthDate: r.birthDate }),
    ...(r.nationalId !== undefined && r.nationalId !== '' && { nationalId: r.nationalId }),
    ...(addresses.length > 0 && { addresses }),
    updatedAt: UPDATED_AT,
  };
}

function post(
  agent: Agent,
  url: string,
  key: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const text = JSON.stringify(body);
  return new Promise((done, failed) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          'x-api-key': key,
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () =>
          done({ status: res.statusCode!, json: data === '' ? undefined : JSON.parse(data) }),
        );
      },
    );
    req.on('error', failed);
    req.end(text);
  });
}

/** Resolves `records` through the fleet; answers each record's customer, keyed by the record's id. */
export async function resolveThroughFleet(
  records: readonly PersonRecord[],
  options: { seed: number; log: (line: string) => void },
): Promise<{ assignments: Map<string, string>; seconds: number; customers: number }> {
  const { fleet, databaseUrl, db, destroy } = await privateFleet('accuracy');
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const t0 = performance.now();
  try {
    const up = await fleet.sh('up', 'ingest-crm', 'matcher');
    if (up.code !== 0) throw new Error(`./dev.sh up failed:\n${up.output}`);
    const key = fleet.apiKey();
    const contacts = records.map(contactOf);
    options.log(`posting ${contacts.length} CRM contacts to ingest-crm`);
    for (let i = 0; i < contacts.length; i += 500) {
      const res = await post(agent, `${fleet.url('ingest-crm')}/v1/crm/contacts/batch`, key, {
        records: contacts.slice(i, i + 500),
      });
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(res.json)}`);
    }
    await matcherApplied(db, contacts.length);
    options.log(
      "trained on the matcher's records (rapport train), switching to it (rapport matcher use-model)",
    );
    const cli = join(repoRoot(), 'packages/cli/src/main.ts');
    const env = { ...process.env, DATABASE_URL: databaseUrl };
    const version = `fleet-${options.seed}`;
    await run(process.execPath, [cli, 'train', '--seed', String(options.seed), '--version', version], {
      env,
    });
    await run(process.execPath, [cli, 'matcher', 'use-model', version, '--wait', '1800'], { env });

    options.log("reading every record's customer back over the REST API");
    const assignments = new Map<string, string>();
    await inParallel(records.length, 16, async (i) => {
      const r = records[i]!;
      const res = await post(agent, `${fleet.url('matcher')}/v1/customers/lookup`, key, {
        kind: 'crm-id',
        crmId: r.sourceRecordId,
      });
      const customers = (res.json as { customers?: { customerId: string }[] }).customers ?? [];
      if (res.status !== 200 || customers.length !== 1)
        throw new Error(`lookup of ${r.sourceRecordId}: ${res.status}, ${customers.length} customers`);
      assignments.set(r.recordId, customers[0]!.customerId);
    });
    return {
      assignments,
      seconds: (performance.now() - t0) / 1000,
      customers: new Set(assignments.values()).size,
    };
  } finally {
    agent.destroy();
    await destroy();
  }
}
