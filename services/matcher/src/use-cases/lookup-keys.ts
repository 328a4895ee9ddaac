import { createHmac, createSecretKey } from 'node:crypto';
import {
  loyaltyMemberTopic,
  personRecordId,
  type IdentifierQuery,
  type PersonRecord,
} from '@rapport/contracts';
import {
  normaliseCard,
  normaliseEmail,
  normaliseHandle,
  normalisePhone,
  prepareRecord,
  type Engine,
  type PreparedRecord,
} from '@rapport/matching';

/**
 * What a record can be found by. Identifiers (email, phone, card, handle, CRM id, the record's own id) are
 * the engine's normalised values; `name-place` keys pair the sound of either name with a postcode or a town,
 * for searches by name ("Smith" typed as a given name still finds a family name Smith); `name-sound` (the
 * sounds of both names in either order) and `family-sound` find the candidates of a social author known
 * only by a display name ("T Baker").
 */
export type LookupKind =
  'email' | 'phone' | 'card' | 'handle' | 'crm-id' | 'record' | 'name-place' | 'name-sound' | 'family-sound';
export type LookupKey = { kind: LookupKind; value: string };

/** Kinds whose lookups are cached (a search reads its keys straight from Postgres). */
export const IDENTIFIER_KINDS: readonly LookupKind[] = [
  'email',
  'phone',
  'card',
  'handle',
  'crm-id',
  'record',
];

/**
 * A keyed one-way hash (HMAC-SHA256, hex) of a lookup key: the index, the cache and the erasure tombstones
 * hold these, never the values, so that an erased person's email is nowhere in plain text, and a tombstone
 * matches the index row of the very value it stands for.
 */
export type KeyHasher = (key: LookupKey) => string;

export function keyHasher(secret: string): KeyHasher {
  // The secret as a key object once: given as a string, every HMAC (about nine per record) encoded it
  // into a fresh buffer first.
  const key = createSecretKey(secret, 'utf8');
  return ({ kind, value }) => createHmac('sha256', key).update(`${kind}\u001f${value}`).digest('hex');
}

const place = (kind: 'postcode' | 'town', value: string) => `${kind}:${value}`;

/** Every lookup key of a record, from its prepared form (before the per-identifier limit). */
export function recordLookupKeys(record: PersonRecord, prepared: PreparedRecord): LookupKey[] {
  const keys: LookupKey[] = [{ kind: 'record', value: record.recordId }];
  for (const value of prepared.emails) keys.push({ kind: 'email', value });
  for (const value of prepared.phones) keys.push({ kind: 'phone', value });
  for (const value of prepared.cards) keys.push({ kind: 'card', value });
  for (const value of prepared.handles) keys.push({ kind: 'handle', value });
  for (const id of record.crmIds) if (id.trim() !== '') keys.push({ kind: 'crm-id', value: id.trim() });
  keys.push(...nameKeys(prepared));
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.kind}\u001f${k.value}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The sounds of both names in either order, and of the family name, as far as the record has them. */
export function nameSoundKeys(p: PreparedRecord): LookupKey[] {
  const out: LookupKey[] = [];
  if (p.familySoundex !== '') out.push({ kind: 'family-sound', value: p.familySoundex });
  if (p.givenSoundex !== '' && p.familySoundex !== '')
    out.push({ kind: 'name-sound', value: [p.givenSoundex, p.familySoundex].sort().join('|') });
  return out;
}

function nameKeys(p: PreparedRecord): LookupKey[] {
  const sounds = [p.givenSoundex, p.familySoundex].filter((s) => s !== '');
  const out: LookupKey[] = nameSoundKeys(p);
  for (const a of p.addresses)
    for (const s of sounds) {
      if (a.postcode !== '') out.push({ kind: 'name-place', value: `${s}|${place('postcode', a.postcode)}` });
      if (a.locality !== '') out.push({ kind: 'name-place', value: `${s}|${place('town', a.locality)}` });
    }
  return out;
}

/** The key an identifier is found under, normalised as the engine normalises it; undefined when unusable. */
export function identifierKey(engine: Engine, q: IdentifierQuery): LookupKey | undefined {
  const opts = engine.normalise;
  const of = (kind: LookupKind, value: string | undefined): LookupKey | undefined =>
    value === undefined || value === '' ? undefined : { kind, value };
  switch (q.kind) {
    case 'email':
      return of('email', normaliseEmail(q.email, opts));
    case 'phone':
      return of('phone', normalisePhone(q.phone, opts));
    case 'card':
      return of('card', normaliseCard(q.program, q.number, opts));
    case 'handle':
      return of('handle', normaliseHandle(q.platform, q.handle, opts));
    case 'crm-id':
      return of('crm-id', q.crmId.trim());
    case 'member-id':
      // A member is its loyalty record: the projection names it by the member's topic key.
      return of(
        'record',
        personRecordId(loyaltyMemberTopic.name, `${q.program.trim()}:${q.memberId.trim()}`),
      );
  }
}

/** The probe a name search compares candidates with, and the keys that find them. */
export function searchProbe(
  engine: Engine,
  q: { name: string; postcode?: string | undefined; town?: string | undefined },
): { probe: PreparedRecord; keys: LookupKey[] } {
  const record: PersonRecord = {
    recordId: '\u0000search',
    source: 'search',
    sourceRecordId: 'search',
    fullName: q.name,
    emails: [],
    phones: [],
    addresses: [
      {
        ...(q.postcode === undefined ? {} : { postcode: q.postcode }),
        ...(q.town === undefined ? {} : { locality: q.town }),
      },
    ],
    handles: [],
    cards: [],
    crmIds: [],
  };
  const probe = prepareRecord(record, engine.normalise);
  return { probe, keys: nameKeys(probe).filter((k) => k.kind === 'name-place') };
}
