-- Rekisteri schema, version 4: applying the retention rules (§9).

-- An erasure-log entry keeps the code of its rule, so that the log still says which rule erased
-- what after the rule itself has been removed (its rule_id is then cleared).
ALTER TABLE erasure_log ADD COLUMN rule_code TEXT NOT NULL DEFAULT '';

-- A legal hold is lifted, not deleted: the hold's reason and period stay on record.
ALTER TABLE retention_exclusion ADD COLUMN lifted_at TEXT;
ALTER TABLE retention_exclusion ADD COLUMN lifted_by INTEGER REFERENCES app_user (id);

-- A person with an unpaid order is held back from the rules: this finds them without reading
-- every order.
CREATE INDEX customer_order_unpaid ON customer_order (customer_id) WHERE billing_status = 'open';

-- The prospects and customers rules read who is due straight from this index (a million
-- customers in milliseconds instead of a second per rule).
CREATE INDEX customer_by_status_activity ON customer (status, last_activity_on);
