import type { PersonRecord } from '@rapport/contracts';
import { JUNK_EMAILS } from '../vocab/email-domains.ts';
import { JUNK_PHONES } from '../corrupt/phone-format.ts';
import { drawLoyaltyCard } from '../person/draw-person.ts';
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
 * A loyalty member as the till and sign-up form capture it: a card, name, email, a phone (sometimes the
 * store's own), an address, often a birth date for the birthday voucher. A person's second loyalty account
 * gets a new card.
 */
export function loyaltyRecord(ctx: RecordContext, person: TruePerson, accountIndex: number): PersonRecord {
  const { random } = ctx;
  const sourceRecordId = ctx.nextSourceRecordId('loyalty');
  const stale = happens(ctx, 0.3);
  const record: PersonRecord = {
    recordId: `loyalty:${sourceRecordId}`,
    source: 'loyalty',
    sourceRecordId,
    updatedAt: stale ? drawTimestamp(ctx, 2015, 2021) : drawTimestamp(ctx, 2022, 2026),
    emails: [],
    phones: [],
    addresses: [],
    handles: [],
    cards: [
      {
        program: 'rapport-rewards',
        number: accountIndex === 0 ? person.primaryCard : drawLoyaltyCard(random),
      },
    ],
    crmIds: [],
  };
  const swapped = happens(ctx, 0.02);
  const given = noisyGivenName(ctx, person.givenName);
  const family = noisyFamilyName(ctx, person.familyName);
  if (!happens(ctx, 0.02)) record.givenName = swapped ? family : given;
  if (!happens(ctx, 0.03)) record.familyName = swapped ? given : family;
  if (!happens(ctx, 0.3)) record.birthDate = noisyBirthDate(ctx, person.birthDate);

  if (happens(ctx, 0.02)) record.emails.push({ address: random.pick(JUNK_EMAILS) });
  else if (!happens(ctx, 0.1))
    record.emails.push({ address: noisyEmail(ctx, person.email), verified: random.chance(0.6) });

  if (happens(ctx, 0.03)) record.phones.push({ number: random.pick(ctx.storePhones), type: 'landline' });
  else if (happens(ctx, 0.015)) record.phones.push({ number: random.pick(JUNK_PHONES) });
  else if (!happens(ctx, 0.25)) {
    const mobile = mobileAsOf(person, stale);
    record.phones.push({ number: noisyPhone(ctx, mobile), type: 'mobile' });
  }
  if (person.household.landline !== undefined && random.chance(0.2)) {
    record.phones.push({ number: noisyPhone(ctx, person.household.landline), type: 'landline' });
  }

  if (!happens(ctx, 0.15)) {
    const address = addressAsOf(person, stale);
    record.addresses.push(noisyAddress(ctx, address, false));
  }
  const handle = person.handles[0];
  if (handle !== undefined && random.chance(0.08)) {
    record.handles.push({ platform: handle.platform, handle: handle.handle, linkedByOwner: true });
  }
  return record;
}
