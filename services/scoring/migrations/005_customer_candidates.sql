-- The candidates on a customer's latest identity event (identity.customer.v1's `candidates`): for a customer
-- of social accounts alone, the loyalty and CRM customers it may be. Copied onto its posts' prioritised
-- events; null when the event has none.
alter table scoring_customers add column candidates jsonb;
