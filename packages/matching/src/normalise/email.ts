import type { NormaliseOptions } from './options.ts';

/** Mailbox identity: case-folded, plus-tag and provider-specific dots removed. Undefined if not an address. */
export function normaliseEmail(raw: string, opts: NormaliseOptions): string | undefined {
  const s = raw.trim().toLowerCase();
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return undefined;
  let local = s.slice(0, at);
  let domain = s.slice(at + 1);
  const rule = opts.emailProviders[domain];
  if (rule?.stripPlusTag ?? opts.stripPlusTags) {
    const plus = local.indexOf('+');
    if (plus > 0) local = local.slice(0, plus);
  }
  if (rule?.ignoreDots === true) local = local.replaceAll('.', '');
  if (rule?.canonicalDomain !== undefined) domain = rule.canonicalDomain;
  return `${local}@${domain}`;
}

export function emailLocalPart(normalised: string): string {
  return normalised.slice(0, normalised.lastIndexOf('@'));
}
