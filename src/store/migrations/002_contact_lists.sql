-- Rekisteri schema, version 2: indexes that let "who may be contacted today" run over a million
-- customers in one pass. Each replaces an index of version 1 that it extends, so nothing that
-- used the old one loses it.

-- A person's newest ledger event for a purpose, newest first: the contact list reads one row of
-- it per person. On a tie in time the event for the channel itself sorts before the one for
-- 'any' (the smallest channel code), as the ledger's fold decides ties.
DROP INDEX consent_event_of;
CREATE INDEX consent_event_of ON consent_event (customer_id, purpose_id, occurred_at, channel);

-- A person's first e-mail, phone and address in the order the record shows them, without
-- sorting each person's rows.
DROP INDEX customer_email_of;
CREATE INDEX customer_email_of ON customer_email (customer_id, position);
DROP INDEX customer_phone_of;
CREATE INDEX customer_phone_of ON customer_phone (customer_id, position);
DROP INDEX customer_address_of;
CREATE INDEX customer_address_of ON customer_address (customer_id, position);
