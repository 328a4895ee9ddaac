// `pnpm bench:accuracy --fleet`: the same labelled records through the running fleet instead of the batch
// path. ingest-crm and the matcher are started by `./dev.sh up` on a private database, topic prefix,
// consumer group, Redis prefix and ports; every record is posted to `POST /v1/crm/contacts/batch` as the
// CRM contact it describes; then the matcher starts (bulk-load settings) and once it has applied them all, `rapport train` fits a model on the
// matcher's own records (seeded as the batch path's) and `rapport matcher use-model` re-resolves every
// record under it, as an operator would; the customers are then read back over the matcher's REST API
// (`POST /v1/customers/lookup` by CRM id) and scored by the same pairwise code as the batch path.
import { execFile } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CrmContactBody, type BatchAccepted, type PersonRecord } from '@rapport/contracts';
import { repoRoot } from '@rapport/testing/fleet';
import { inParallel } from './open-loop.ts';
import { MATCHER_BULK_LOAD, matcherApplied, privateFleet } from './private-fleet.ts';

const run = promisify(execFile);
const UPDATED_AT = '2024-06-01T00:00:00Z';

/**
 * A labelled record as the CRM contact a REST client would post. The CRM API refuses a birth date that
 * is no calendar date (Febrl 4 has a few, such as 1945-04-93, which the batch path reads as it can): such
 * a contact is posted without it, as a client told so would post it.
 */
function contactOf(r: PersonRecord): { contact: CrmContactBody; birthDateDropped: boolean } {
  const contact = contactFields(r);
  const checked = CrmContactBody.safeParse(contact);
  if (checked.success || checked.error.issues.some((i) => i.path[0] !== 'birthDate'))
    return { contact, birthDateDropped: false };
  const { birthDate: _, ...rest } = contact;
  return { contact: rest, birthDateDropped: true };
}

/** The record as the fleet receives it: without the birth date the CRM API refuses (see contactOf). */
export function asPosted(r: PersonRecord): PersonRecord {
  if (!contactOf(r).birthDateDropped) return r;
  const { birthDate: _, ...rest } = r;
  return rest;
}

function contactFields(r: PersonRecord): CrmContactBody {
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
): Promise<{
  assignments: Map<string, string>;
  seconds: number;
  customers: number;
  birthDatesDropped: number;
}> {
  const { fleet, groupId, databaseUrl, db, destroy } = await privateFleet('accuracy', MATCHER_BULK_LOAD);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const t0 = performance.now();
  try {
    // Its raw-topic consumer in a group of its own: in the matcher's, it would take the matcher's partitions.
    const up = await fleet.shWith({ KAFKA_CLIENT_ID: `${groupId}-ingest-crm` }, 'up', 'ingest-crm');
    if (up.code !== 0) throw new Error(`./dev.sh up ingest-crm failed:\n${up.output}`);
    const key = fleet.apiKey();
    const posted = records.map(contactOf);
    const contacts = posted.map((p) => p.contact);
    const birthDatesDropped = posted.filter((p) => p.birthDateDropped).length;
    const eventIds = new Set<string>();
    options.log(
      `posting ${contacts.length} CRM contacts to ingest-crm (${birthDatesDropped} without the birth date the API refuses)`,
    );
    for (let i = 0; i < contacts.length; i += 500) {
      // 503: the broker did not acknowledge in time and nothing was accepted; the answer says retry.
      for (let attempt = 1; ; attempt++) {
        const res = await post(agent, `${fleet.url('ingest-crm')}/v1/crm/contacts/batch`, key, {
          records: contacts.slice(i, i + 500),
        });
        if (res.status === 202) {
          const answer = res.json as BatchAccepted;
          const refused = answer.results.filter((r) => r.status === 'rejected');
          if (refused.length > 0)
            throw new Error(
              `ingest refused ${refused.length} contacts: ${JSON.stringify(refused.slice(0, 3))}`,
            );
          for (const r of answer.results) eventIds.add(r.eventId!);
          break;
        }
        if (res.status !== 503 || attempt === 10)
          throw new Error(`ingest answered ${res.status}: ${JSON.stringify(res.json)}`);
        await new Promise((r) => setTimeout(r, 1000 * attempt));
      }
    }
    // A bulk load: the matcher starts once every contact is on its topic and consumes the backlog.
    options.log('./dev.sh up matcher, waiting for it to resolve them');
    const matcher = await fleet.sh('up', 'matcher');
    if (matcher.code !== 0) throw new Error(`./dev.sh up matcher failed:\n${matcher.output}`);
    // Two contacts of the same content are one event (event ids cover the content).
    await matcherApplied(db, eventIds.size);
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
      birthDatesDropped,
    };
  } finally {
    agent.destroy();
    await destroy();
  }
}
