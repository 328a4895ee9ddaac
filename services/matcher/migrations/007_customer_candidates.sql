-- The candidates a customer of social accounts alone was last published with (identity.customer.v1's
-- `candidates`): the loyalty and CRM customers it may be. Kept so that a batch that scores a new possible
-- match for such a customer, without changing its members, publishes it (an 'updated' revision) only when
-- the list it would publish differs. Null for a customer with a loyalty or CRM record.
alter table customers add column candidates jsonb;
