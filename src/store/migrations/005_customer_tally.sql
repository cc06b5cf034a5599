-- How many customers the register holds, kept by triggers, so that the window's top and status
-- bars do not count a million rows on every open and every save.
CREATE TABLE customer_tally (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    customers INTEGER NOT NULL CHECK (customers >= 0)
);
INSERT INTO customer_tally (id, customers) VALUES (1, (SELECT count(*) FROM customer));

CREATE TRIGGER customer_tally_after_insert AFTER INSERT ON customer
BEGIN
    UPDATE customer_tally SET customers = customers + 1 WHERE id = 1;
END;

CREATE TRIGGER customer_tally_after_delete AFTER DELETE ON customer
BEGIN
    UPDATE customer_tally SET customers = customers - 1 WHERE id = 1;
END;
