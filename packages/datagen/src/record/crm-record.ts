import type { PersonRecord } from '@rapport/contracts';
import { JUNK_EMAILS } from '../vocab/email-domains.ts';
import { addressAsOf, mobileAsOf, type TruePerson } from '../person/true-person.ts';
import {
  happens,
  noisyAddress,
  noisyBirthDate,
  noisyEmail,
  noisyFamilyName,
  noisyGivenName,
  noisyPhone,
} from './noisy-fields.ts';
import { drawTimestamp, type RecordContext } from './record-context.ts';

/**
 * A CRM contact keyed in by service staff: fuller names (middle names), personal and work emails, mobile and
 * home numbers, an address with country, rarely a birth date, sometimes the loyalty card quoted on a call.
 */
export function crmRecord(ctx: RecordContext, person: TruePerson): PersonRecord {
  const { random } = ctx;
  const sourceRecordId = ctx.nextSourceRecordId('crm');
  const stale = happens(ctx, 0.3);
  const record: PersonRecord = {
    recordId: `crm:${sourceRecordId}`,
    source: 'crm',
    sourceRecordId,
    updatedAt: stale ? drawTimestamp(ctx, 2014, 2021) : drawTimestamp(ctx, 2022, 2026),
    emails: [],
    phones: [],
    addresses: [],
    handles: [],
    cards: [],
    crmIds: [sourceRecordId],
  };
  const swapped = happens(ctx, 0.03);
  const given = noisyGivenName(ctx, person.givenName);
  const family = noisyFamilyName(ctx, person.familyName);
  if (!happens(ctx, 0.02)) record.givenName = swapped ? family : given;
  if (!happens(ctx, 0.01)) record.familyName = swapped ? given : family;
  if (person.middleName !== undefined && random.chance(0.5)) {
    record.middleName = random.chance(0.3) ? person.middleName.charAt(0) : person.middleName;
  }
  if (random.chance(0.4)) {
    const date = noisyBirthDate(ctx, person.birthDate);
    // Older CRM imports kept only the year.
    record.birthDate = happens(ctx, 0.05) ? date.slice(0, 4) : date;
  }

  if (happens(ctx, 0.01)) record.emails.push({ address: random.pick(JUNK_EMAILS) });
  else if (!happens(ctx, 0.3))
    record.emails.push({ address: noisyEmail(ctx, person.email), type: 'personal' });
  if (person.workEmail !== undefined && random.chance(0.4)) {
    record.emails.push({ address: noisyEmail(ctx, person.workEmail), type: 'work' });
  }

  if (!happens(ctx, 0.3)) {
    const mobile = mobileAsOf(person, stale);
    record.phones.push({ number: noisyPhone(ctx, mobile), type: 'mobile' });
  }
  if (person.household.landline !== undefined && random.chance(0.4)) {
    record.phones.push({ number: noisyPhone(ctx, person.household.landline), type: 'home' });
  }

  if (!happens(ctx, 0.2)) {
    const address = addressAsOf(person, stale);
    record.addresses.push(noisyAddress(ctx, address, true));
  }
  if (random.chance(0.15)) record.cards.push({ program: 'rapport-rewards', number: person.primaryCard });
  return record;
}
