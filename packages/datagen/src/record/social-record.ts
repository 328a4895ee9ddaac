import type { PersonRecord } from '@rapport/contracts';
import type { TruePerson } from '../person/true-person.ts';
import { happens, noisyEmail, noisyFamilyName, noisyGivenName } from './noisy-fields.ts';
import { drawTimestamp, type RecordContext } from './record-context.ts';

/**
 * A social author: a handle, a display name in whatever form the person chose, rarely an email or a town.
 * A person's second social record is their other account (another handle) when they have one.
 */
export function socialRecord(ctx: RecordContext, person: TruePerson, accountIndex: number): PersonRecord {
  const { random } = ctx;
  const sourceRecordId = ctx.nextSourceRecordId('social');
  const handle = person.handles[accountIndex % person.handles.length] ?? person.handles[0];
  const record: PersonRecord = {
    recordId: `social:${sourceRecordId}`,
    source: 'social',
    sourceRecordId,
    updatedAt: drawTimestamp(ctx, 2019, 2026),
    emails: [],
    phones: [],
    addresses: [],
    handles: handle === undefined ? [] : [{ platform: handle.platform, handle: handle.handle }],
    cards: [],
    crmIds: [],
  };
  const given = noisyGivenName(ctx, person.givenName);
  const family = noisyFamilyName(ctx, person.familyName);
  const form = random.next();
  if (happens(ctx, 0.08)) {
    // No real name at all: only the handle.
  } else if (form < 0.6) record.fullName = `${given} ${family}`;
  else if (form < 0.75) record.fullName = `${given} ${family.charAt(0)}.`;
  else if (form < 0.85) record.fullName = `${given} ${family}`.toLowerCase();
  else if (form < 0.93) record.fullName = given;
  else record.fullName = `${family}, ${given}`;

  if (random.chance(0.15)) record.emails.push({ address: noisyEmail(ctx, person.email) });
  if (random.chance(0.3)) record.addresses.push({ locality: person.household.address.locality });
  return record;
}
