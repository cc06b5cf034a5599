-- Rekisteri schema, version 2: indexes that let "who may be contacted today" run over a million
-- customers in one pass. Each replaces an index of version 1 and keeps its leading columns (the
-- person, and for the ledger the purpose), so the lookups that used the old ones still use these.

-- A person's ledger for a purpose in the fold's order (time, then entry): the contact list reads
-- the newest event of each person without sorting.
DROP INDEX consent_event_of;
CREATE INDEX consent_event_of ON consent_event (customer_id, purpose_id, occurred_at);

-- A person's first e-mail, phone and address in the order the record shows them, without
-- sorting each person's rows.
DROP INDEX customer_email_of;
CREATE INDEX customer_email_of ON customer_email (customer_id, position);
DROP INDEX customer_phone_of;
CREATE INDEX customer_phone_of ON customer_phone (customer_id, position);
DROP INDEX customer_address_of;
CREATE INDEX customer_address_of ON customer_address (customer_id, position);
