-- The Audit tab filters a long trail by user, customer, action and date, newest first, a page at
-- a time. Each index ends in the time (and, implicitly, the row id): the order the trail is shown
-- in, so a filtered page is read straight from the index without sorting.
DROP INDEX audit_log_by_customer;
CREATE INDEX audit_log_by_customer ON audit_log (customer_id, occurred_at);
CREATE INDEX audit_log_by_user ON audit_log (user_id, occurred_at);
CREATE INDEX audit_log_by_action ON audit_log (action, occurred_at);
CREATE INDEX audit_log_by_time ON audit_log (occurred_at);
