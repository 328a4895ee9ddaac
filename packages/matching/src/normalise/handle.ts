import type { NormaliseOptions } from './options.ts';

/** `platform:handle`; most platforms treat handles case-insensitively, and `@` is decoration. */
export function normaliseHandle(
  platform: string,
  handle: string,
  opts: NormaliseOptions,
): string | undefined {
  const p = platform.trim().toLowerCase();
  let h = handle.trim().replace(/^@+/, '');
  if (!opts.caseSensitiveHandlePlatforms.includes(p)) h = h.toLowerCase();
  return h === '' ? undefined : `${p}:${h}`;
}
