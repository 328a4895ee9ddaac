/** Mailbox providers with rough market weights; gmail matters most because its dots and plus-tags are ignored. */
export const EMAIL_DOMAINS: readonly string[] = [
  'gmail.com',
  'hotmail.co.uk',
  'yahoo.co.uk',
  'outlook.com',
  'icloud.com',
  'btinternet.com',
  'hotmail.com',
  'live.co.uk',
  'aol.com',
  'sky.com',
  'protonmail.com',
  'virginmedia.com',
];
export const EMAIL_DOMAIN_WEIGHTS: readonly number[] = [32, 14, 10, 9, 7, 6, 5, 4, 3, 3, 2, 2];

export const WORK_DOMAINS: readonly string[] = [
  'acme-logistics.co.uk',
  'northwind.co.uk',
  'brightside-health.nhs.uk',
  'harbourbank.com',
  'kestrel-it.com',
  'meridian-legal.co.uk',
  'oakfield.ac.uk',
  'pennine-energy.co.uk',
];

/** Values people type to get past a required email field; shared by many unrelated customers. */
export const JUNK_EMAILS: readonly string[] = [
  'test@test.com',
  'none@none.com',
  'noemail@noemail.com',
  'a@a.com',
  'no@email.com',
  'na@na.com',
];

export const HANDLE_PLATFORMS: readonly string[] = ['instagram', 'x', 'tiktok', 'facebook'];
