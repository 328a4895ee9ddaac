import type { Random } from '../random/random.ts';

/**
 * The same mailbox written another way: different letter case, a plus-tag, or (gmail only, where they are
 * ignored) dots moved, added or removed, or the old googlemail.com domain. All still deliver to one person.
 */
export function emailVariant(random: Random, email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return email;
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const isGmail = domain === 'gmail.com';
  const roll = random.int(isGmail ? 5 : 3);
  switch (roll) {
    case 0:
      return random.chance(0.5)
        ? email.toUpperCase()
        : local.charAt(0).toUpperCase() + local.slice(1) + '@' + domain;
    case 1:
      return `${local}+${random.pick(['shop', 'rewards', 'news', 'promo', 'store'])}@${domain}`;
    case 2:
      return `${local}@${domain.toUpperCase()}`;
    case 3:
      if (local.includes('.')) local = local.replaceAll('.', '');
      else if (local.length > 3) {
        const cut = 1 + random.int(local.length - 2);
        local = local.slice(0, cut) + '.' + local.slice(cut);
      }
      return `${local}@${domain}`;
    default:
      domain = 'googlemail.com';
      return `${local}@${domain}`;
  }
}
