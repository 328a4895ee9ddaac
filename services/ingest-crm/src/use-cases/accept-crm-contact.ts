import {
  CrmContactBatchBody,
  CrmContactBody,
  crmContactEvent,
  crmContactTopic,
  normaliseCrmContact,
} from '@rapport/contracts';
import type { Intake } from '@rapport/ingest';

/** A contact creation, update or deletion → `crm.contact.v1`, keyed per contact (`crmId`). */
export const crmContactIntake: Intake<typeof CrmContactBody> = {
  name: 'crm-contact',
  body: CrmContactBody,
  batchBody: CrmContactBatchBody,
  toEvents(body) {
    const event = crmContactEvent(normaliseCrmContact(body));
    return { eventId: event.eventId, events: [{ topic: crmContactTopic, event }] };
  },
};
