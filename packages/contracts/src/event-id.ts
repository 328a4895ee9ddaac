import { hash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

/**
 * A UUID-shaped id (RFC 9562 version 8, "custom") derived from the parts that identify a source
 * record version, e.g. `[topic, source, memberId, updatedAt]`. Replaying the same source record
 * gives the same id, so consumers can deduplicate by `eventId`.
 *
 * The parts are hashed as a JSON array, so `['a:b', 'c']` and `['a', 'b:c']` differ.
 */
export function deterministicEventId(parts: readonly string[]): string {
  if (parts.length === 0) throw new TypeError('deterministicEventId needs at least one part');
  // One-shot hash: the same digest as createHash(...).update(...).digest('hex'), at half the cost per event.
  const hex = hash('sha256', JSON.stringify(parts));
  // Version 8; variant bits 10xx: the first hex digit of the fourth group is one of 8, 9, a, b.
  const variant = VARIANT_DIGIT[hex.charAt(16)]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The id of an event that carries a source record: `parts` name the record and its version (topic,
 * source, record id, `updatedAt`...) and `content` is everything the event says about it (every field
 * but `eventId`), hashed as JSON with sorted keys. So the same content sent again, by any path (REST,
 * batch, NDJSON, CSV, raw topic) and in any key order, gets the same id, and a different content under
 * the same record id and version gets a different one: a consumer that deduplicates on `eventId` never
 * drops a record that says something new.
 */
export function recordEventId(parts: readonly string[], content: object): string {
  // stringify sorts object keys at every depth and otherwise writes what JSON.stringify writes
  // (undefined properties left out), so the digest covers exactly what goes on the wire.
  return deterministicEventId([...parts, stringify(content)]);
}

/** `(digit & 0x3) | 0x8` in hex, per hex digit. */
const VARIANT_DIGIT: Readonly<Record<string, string>> = Object.fromEntries(
  [...'0123456789abcdef'].map((digit) => [digit, ((Number.parseInt(digit, 16) & 0x3) | 0x8).toString(16)]),
);
