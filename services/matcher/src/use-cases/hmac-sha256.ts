import { hash } from 'node:crypto';

// SHA-256's block size: RFC 2104 pads the key to it.
const BLOCK = 64;

/**
 * HMAC-SHA256 (RFC 2104) under `secret`, in hex, as two one-shot SHA-256 hashes over the key's padded
 * forms, worked out once: equal to createHmac('sha256', secret) (test/hmac-sha256.test.ts), in about half
 * its time, since createHmac builds an object and prepares the key for every message and a batch hashes
 * about nine lookup keys per record.
 */
export function hmacSha256(secret: string): (message: string) => string {
  let key = Buffer.from(secret, 'utf8');
  if (key.length > BLOCK) key = Buffer.from(hash('sha256', key, 'buffer'));
  const padded = (byte: number): Buffer => {
    const pad = Buffer.alloc(BLOCK, byte);
    for (let i = 0; i < key.length; i++) pad[i]! ^= key[i]!;
    return pad;
  };
  const inner = padded(0x36);
  const outer = padded(0x5c);
  return (message) => {
    const digest = hash('sha256', Buffer.concat([inner, Buffer.from(message, 'utf8')]), 'buffer');
    return hash('sha256', Buffer.concat([outer, digest]), 'hex');
  };
}
