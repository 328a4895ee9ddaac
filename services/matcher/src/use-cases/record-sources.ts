import { crmContactTopic, loyaltyMemberTopic, personRecordId, socialAuthorTopic } from '@rapport/contracts';

// Records of these topics make a customer "known": a loyalty member or a CRM contact.
const KNOWN = [loyaltyMemberTopic.name, crmContactTopic.name].map((topic) => personRecordId(topic, ''));
const SOCIAL = personRecordId(socialAuthorTopic.name, '');

/** A loyalty member's or CRM contact's record: it makes its customer known. */
export const isKnown = (recordId: string): boolean => KNOWN.some((prefix) => recordId.startsWith(prefix));

/** A social author's record. */
export const isSocial = (recordId: string): boolean => recordId.startsWith(SOCIAL);

/** The known records' id prefixes as SQL `like` patterns. */
export const KNOWN_PATTERNS: readonly string[] = KNOWN.map((prefix) => `${prefix}%`);

/** The social records' id prefix as a SQL `like` pattern. */
export const SOCIAL_PATTERN = `${SOCIAL}%`;
