-- Rekisteri schema, version 1: the whole register as the privacy notice describes it.
-- Released migrations are never edited; a change is a new numbered file.

-- §1–§3, §8–§9: the register description. One row.
CREATE TABLE register_info (
    id                          INTEGER PRIMARY KEY CHECK (id = 1),
    controller_name             TEXT NOT NULL DEFAULT '',
    business_id                 TEXT NOT NULL DEFAULT '',
    controller_street           TEXT NOT NULL DEFAULT '',
    controller_postal_code      TEXT NOT NULL DEFAULT '',
    controller_city             TEXT NOT NULL DEFAULT '',
    controller_phone            TEXT NOT NULL DEFAULT '',
    controller_email            TEXT NOT NULL DEFAULT '',
    responsible_name            TEXT NOT NULL DEFAULT '',
    responsible_title_fi        TEXT NOT NULL DEFAULT '',
    responsible_title_en        TEXT NOT NULL DEFAULT '',
    responsible_street          TEXT NOT NULL DEFAULT '',
    responsible_postal_code     TEXT NOT NULL DEFAULT '',
    responsible_city            TEXT NOT NULL DEFAULT '',
    responsible_email           TEXT NOT NULL DEFAULT '',
    responsible_phone           TEXT NOT NULL DEFAULT '',
    signature_png               BLOB,
    signing_place               TEXT NOT NULL DEFAULT '',
    register_name_fi            TEXT NOT NULL DEFAULT '',
    register_name_en            TEXT NOT NULL DEFAULT '',
    basis_statement_fi          TEXT NOT NULL DEFAULT '',
    basis_statement_en          TEXT NOT NULL DEFAULT '',
    automated_decisions_fi      TEXT NOT NULL DEFAULT '',
    automated_decisions_en      TEXT NOT NULL DEFAULT '',
    outsourcing_statement_fi    TEXT NOT NULL DEFAULT '',
    outsourcing_statement_en    TEXT NOT NULL DEFAULT '',
    transfers_statement_fi      TEXT NOT NULL DEFAULT '',
    transfers_statement_en      TEXT NOT NULL DEFAULT '',
    security_paper_fi           TEXT NOT NULL DEFAULT '',
    security_paper_en           TEXT NOT NULL DEFAULT '',
    security_electronic_fi      TEXT NOT NULL DEFAULT '',
    security_electronic_en      TEXT NOT NULL DEFAULT '',
    retention_statement_fi      TEXT NOT NULL DEFAULT '',
    retention_statement_en      TEXT NOT NULL DEFAULT '',
    review_interval_months      INTEGER NOT NULL DEFAULT 3 CHECK (review_interval_months BETWEEN 1 AND 24),
    authority_name_fi           TEXT NOT NULL DEFAULT '',
    authority_name_en           TEXT NOT NULL DEFAULT '',
    authority_street            TEXT NOT NULL DEFAULT '',
    authority_postal_code       TEXT NOT NULL DEFAULT '',
    authority_city              TEXT NOT NULL DEFAULT '',
    authority_postal_address_fi TEXT NOT NULL DEFAULT '',
    authority_postal_address_en TEXT NOT NULL DEFAULT '',
    authority_phone             TEXT NOT NULL DEFAULT '',
    authority_email             TEXT NOT NULL DEFAULT '',
    authority_web               TEXT NOT NULL DEFAULT '',
    is_sample                   INTEGER NOT NULL DEFAULT 0,
    updated_at                  TEXT NOT NULL
);

-- §3: purposes of processing with their legal basis.
CREATE TABLE purpose (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    position            INTEGER NOT NULL,
    name_fi             TEXT NOT NULL,
    name_en             TEXT NOT NULL,
    description_fi      TEXT NOT NULL DEFAULT '',
    description_en      TEXT NOT NULL DEFAULT '',
    legal_basis         TEXT NOT NULL CHECK (legal_basis IN ('contract', 'consent', 'legitimate_interest', 'legal_obligation')),
    channels            TEXT NOT NULL DEFAULT 'any',   -- space-separated channel codes
    overridden_by       TEXT NOT NULL DEFAULT '',      -- space-separated objection kinds
    existing_customers_without_consent INTEGER NOT NULL DEFAULT 0,
    retired_at          TEXT
);

-- §4 categories, §5 sources, §6 disclosures, processors, transfers outside the EU/EEA.
CREATE TABLE register_item (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('category', 'source', 'disclosure', 'processor', 'transfer')),
    code        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    title_fi    TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    detail_fi   TEXT NOT NULL DEFAULT '',
    detail_en   TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, code)
);

-- §8: named users. The password hash and the wrapped database key come with sign-in.
CREATE TABLE app_user (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('administrator', 'staff', 'read_only')),
    password_hash   TEXT,
    key_wrap        BLOB,
    disabled        INTEGER NOT NULL DEFAULT 0,
    failed_signins  INTEGER NOT NULL DEFAULT 0,
    last_failed_at  TEXT,
    created_at      TEXT NOT NULL
);

-- §2, §4: customers and prospects. The id is the customer number.
CREATE TABLE customer (
    id                  INTEGER PRIMARY KEY,
    status              TEXT NOT NULL CHECK (status IN ('prospect', 'customer')),
    first_name          TEXT NOT NULL DEFAULT '',
    last_name           TEXT NOT NULL DEFAULT '',
    company             TEXT NOT NULL DEFAULT '',
    username            TEXT NOT NULL DEFAULT '',
    nickname            TEXT NOT NULL DEFAULT '',
    other_identifier    TEXT NOT NULL DEFAULT '',
    birth_year          INTEGER,
    gender              TEXT CHECK (gender IN ('female', 'male', 'other')),
    title               TEXT NOT NULL DEFAULT '',
    mother_tongue       TEXT NOT NULL DEFAULT '',
    letter_lang         TEXT NOT NULL DEFAULT 'fi' CHECK (letter_lang IN ('fi', 'en')),
    note                TEXT NOT NULL DEFAULT '',
    source              TEXT NOT NULL,
    source_detail       TEXT NOT NULL DEFAULT '',
    obtained_on         TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    last_activity_on    TEXT NOT NULL,
    -- Kept in step with the child tables by the store, so that the list sorts and shows a page
    -- of a million customers without joins.
    sort_name           TEXT NOT NULL DEFAULT '',
    list_email          TEXT NOT NULL DEFAULT '',
    list_phone          TEXT NOT NULL DEFAULT '',
    list_city           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX customer_by_name ON customer (sort_name, id);
CREATE INDEX customer_by_email ON customer (list_email, id);
CREATE INDEX customer_by_phone ON customer (list_phone, id);
CREATE INDEX customer_by_city ON customer (list_city, sort_name, id);
CREATE INDEX customer_by_status ON customer (status, sort_name, id);
CREATE INDEX customer_by_activity ON customer (last_activity_on);

CREATE TABLE customer_address (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL DEFAULT 0,
    kind            TEXT NOT NULL CHECK (kind IN ('home', 'billing', 'delivery', 'other')),
    street          TEXT NOT NULL DEFAULT '',
    postal_code     TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    country         TEXT NOT NULL DEFAULT 'FI',
    source          TEXT NOT NULL,
    source_detail   TEXT NOT NULL DEFAULT '',
    obtained_on     TEXT NOT NULL
);
CREATE INDEX customer_address_of ON customer_address (customer_id);

CREATE TABLE customer_phone (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL DEFAULT 0,
    kind            TEXT NOT NULL CHECK (kind IN ('mobile', 'landline', 'work')),
    number          TEXT NOT NULL,           -- E.164
    source          TEXT NOT NULL,
    source_detail   TEXT NOT NULL DEFAULT '',
    obtained_on     TEXT NOT NULL
);
CREATE INDEX customer_phone_of ON customer_phone (customer_id);
CREATE INDEX customer_phone_number ON customer_phone (number);

CREATE TABLE customer_email (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL DEFAULT 0,
    address         TEXT NOT NULL,
    match_key       TEXT NOT NULL,           -- lower-cased, for duplicates and unsubscribe lists
    source          TEXT NOT NULL,
    source_detail   TEXT NOT NULL DEFAULT '',
    obtained_on     TEXT NOT NULL
);
CREATE INDEX customer_email_of ON customer_email (customer_id);
CREATE INDEX customer_email_match ON customer_email (match_key);

-- §4 relationship data. An order outlives an anonymised customer (customer_id NULL): sales
-- vouchers are kept as the Accounting Act requires, aggregates stay right.
CREATE TABLE customer_order (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER REFERENCES customer (id) ON DELETE SET NULL,
    order_no        TEXT NOT NULL,
    ordered_on      TEXT NOT NULL,
    total_cents     INTEGER NOT NULL,
    payment_method  TEXT NOT NULL CHECK (payment_method IN ('card', 'invoice', 'bank_transfer', 'mobilepay', 'cash')),
    -- Never a full card number: no run of 13 or more digits is accepted.
    payment_reference TEXT NOT NULL DEFAULT ''
        CHECK (payment_reference NOT GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*'),
    billing_status  TEXT NOT NULL CHECK (billing_status IN ('paid', 'open', 'refunded', 'cancelled')),
    seller          TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL,
    source_detail   TEXT NOT NULL DEFAULT '',
    obtained_on     TEXT NOT NULL
);
CREATE INDEX customer_order_of ON customer_order (customer_id, ordered_on);
CREATE INDEX customer_order_date ON customer_order (ordered_on);

CREATE TABLE order_line (
    id                  INTEGER PRIMARY KEY,
    order_id            INTEGER NOT NULL REFERENCES customer_order (id) ON DELETE CASCADE,
    product             TEXT NOT NULL,
    quantity            INTEGER NOT NULL,
    unit_price_cents    INTEGER NOT NULL
);
CREATE INDEX order_line_of ON order_line (order_id);

-- Feedback and contacts, competition answers, cancellations, communication and usage.
CREATE TABLE interaction (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('feedback', 'contact', 'competition', 'cancellation', 'communication', 'usage')),
    occurred_at     TEXT NOT NULL,
    summary         TEXT NOT NULL,
    source          TEXT NOT NULL,
    source_detail   TEXT NOT NULL DEFAULT '',
    obtained_on     TEXT NOT NULL
);
CREATE INDEX interaction_of ON interaction (customer_id, occurred_at);

-- Interest and profiling tags, segments.
CREATE TABLE customer_tag (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('interest', 'profile', 'segment')),
    tag             TEXT NOT NULL,
    source          TEXT NOT NULL,
    source_detail   TEXT NOT NULL DEFAULT '',
    obtained_on     TEXT NOT NULL
);
CREATE INDEX customer_tag_of ON customer_tag (customer_id);

-- Other data collected with consent.
CREATE TABLE customer_other_data (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    label           TEXT NOT NULL,
    value           TEXT NOT NULL,
    source          TEXT NOT NULL,
    source_detail   TEXT NOT NULL DEFAULT '',
    obtained_on     TEXT NOT NULL
);
CREATE INDEX customer_other_data_of ON customer_other_data (customer_id);

-- Recorded calls, customers' e-mails, scanned request letters.
CREATE TABLE attachment (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER REFERENCES customer (id) ON DELETE CASCADE,
    request_id      INTEGER REFERENCES request (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('call_recording', 'customer_email', 'scanned_letter', 'other')),
    file_name       TEXT NOT NULL,
    media_type      TEXT NOT NULL,
    size_bytes      INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    content         BLOB NOT NULL,
    source          TEXT NOT NULL,
    source_detail   TEXT NOT NULL DEFAULT '',
    obtained_on     TEXT NOT NULL
);
CREATE INDEX attachment_of ON attachment (customer_id);
CREATE INDEX attachment_of_request ON attachment (request_id);

-- The consent ledger: append-only. A consent is never given without evidence.
CREATE TABLE consent_event (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    purpose_id      INTEGER NOT NULL REFERENCES purpose (id),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'phone', 'post', 'any')),
    action          TEXT NOT NULL CHECK (action IN ('given', 'withdrawn')),
    occurred_at     TEXT NOT NULL,
    source          TEXT NOT NULL,
    evidence        TEXT NOT NULL DEFAULT '',
    recorded_by     INTEGER NOT NULL REFERENCES app_user (id),
    recorded_at     TEXT NOT NULL,
    CHECK (action = 'withdrawn' OR trim(evidence) <> '')
);
CREATE INDEX consent_event_of ON consent_event (customer_id, purpose_id, channel, occurred_at);
CREATE INDEX consent_event_by_purpose ON consent_event (purpose_id, occurred_at);
-- Only a merge of two records of the same person may move an event to the surviving record.
CREATE TRIGGER consent_event_is_append_only
BEFORE UPDATE OF purpose_id, channel, action, occurred_at, source, evidence, recorded_by, recorded_at ON consent_event
BEGIN
    SELECT RAISE(ABORT, 'consent events are append-only');
END;

-- §7 objections and the marketing ban (tarjonnanesto): append-only like consents.
CREATE TABLE objection_event (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('direct_marketing', 'distance_selling', 'other_direct_marketing', 'research', 'marketing_ban')),
    action          TEXT NOT NULL CHECK (action IN ('made', 'lifted')),
    occurred_at     TEXT NOT NULL,
    source          TEXT NOT NULL,
    evidence        TEXT NOT NULL DEFAULT '',
    recorded_by     INTEGER NOT NULL REFERENCES app_user (id),
    recorded_at     TEXT NOT NULL
);
CREATE INDEX objection_event_of ON objection_event (customer_id, kind, occurred_at);
CREATE TRIGGER objection_event_is_append_only
BEFORE UPDATE OF kind, action, occurred_at, source, evidence, recorded_by, recorded_at ON objection_event
BEGIN
    SELECT RAISE(ABORT, 'objection events are append-only');
END;

-- §6: each marketing list or other disclosure, and who was in it.
CREATE TABLE disclosure (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,
    purpose_id      INTEGER REFERENCES purpose (id),
    channel         TEXT NOT NULL,
    disclosed_at    TEXT NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES app_user (id),
    row_count       INTEGER NOT NULL,
    file_name       TEXT NOT NULL DEFAULT '',
    sha256          TEXT NOT NULL DEFAULT ''
);
CREATE TABLE disclosure_member (
    disclosure_id   INTEGER NOT NULL REFERENCES disclosure (id) ON DELETE CASCADE,
    customer_id     INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    PRIMARY KEY (disclosure_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX disclosure_member_of ON disclosure_member (customer_id);

-- §7: data-subject requests. The reference and dates outlive an erased person.
CREATE TABLE request (
    id                      INTEGER PRIMARY KEY,
    reference               TEXT NOT NULL UNIQUE,
    customer_id             INTEGER REFERENCES customer (id) ON DELETE SET NULL,
    subject_name            TEXT NOT NULL DEFAULT '',
    subject_address         TEXT NOT NULL DEFAULT '',
    kind                    TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'objection', 'consent_withdrawal', 'restriction', 'portability')),
    channel                 TEXT NOT NULL CHECK (channel IN ('signed_letter', 'email', 'in_person', 'phone')),
    received_on             TEXT NOT NULL,
    due_on                  TEXT NOT NULL,
    extension_months        INTEGER NOT NULL DEFAULT 0 CHECK (extension_months BETWEEN 0 AND 2),
    extension_reason        TEXT NOT NULL DEFAULT '',
    extension_notified_on   TEXT,
    status                  TEXT NOT NULL CHECK (status IN ('received', 'identity_verified', 'in_progress', 'answered', 'refused')),
    identity_verified       INTEGER NOT NULL DEFAULT 0,
    identity_method         TEXT NOT NULL DEFAULT '',
    identity_verified_by    INTEGER REFERENCES app_user (id),
    refusal_reason          TEXT NOT NULL DEFAULT '',
    answered_on             TEXT,
    reply_sha256            TEXT NOT NULL DEFAULT '',
    reply_file              TEXT NOT NULL DEFAULT '',
    restriction_lifted_on   TEXT,
    notes                   TEXT NOT NULL DEFAULT '',
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    CHECK (status <> 'refused' OR trim(refusal_reason) <> ''),
    CHECK (extension_months = 0 OR trim(extension_reason) <> '')
);
CREATE INDEX request_by_due ON request (status, due_on);
CREATE INDEX request_of ON request (customer_id);

-- Rectifications: what a field was before and after.
CREATE TABLE request_change (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES request (id) ON DELETE CASCADE,
    field       TEXT NOT NULL,
    before      TEXT NOT NULL,
    after       TEXT NOT NULL,
    changed_at  TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES app_user (id)
);

-- §9: retention rules, exclusions (legal hold) and the erasure log (no personal data).
CREATE TABLE retention_rule (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    position        INTEGER NOT NULL,
    category        TEXT NOT NULL,
    trigger         TEXT NOT NULL CHECK (trigger IN ('last_activity', 'relationship_end', 'creation', 'consent_withdrawn', 'financial_year_end')),
    period_months   INTEGER NOT NULL CHECK (period_months >= 0),
    action          TEXT NOT NULL CHECK (action IN ('erase', 'anonymise', 'keep')),
    reason_fi       TEXT NOT NULL,
    reason_en       TEXT NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE retention_exclusion (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    rule_id     INTEGER REFERENCES retention_rule (id),
    reason      TEXT NOT NULL CHECK (trim(reason) <> ''),
    until_on    TEXT,
    user_id     INTEGER NOT NULL REFERENCES app_user (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX retention_exclusion_of ON retention_exclusion (customer_id);

CREATE TABLE erasure_log (
    id              INTEGER PRIMARY KEY,
    occurred_at     TEXT NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES app_user (id),
    rule_id         INTEGER REFERENCES retention_rule (id),
    request_reference TEXT NOT NULL DEFAULT '',
    action          TEXT NOT NULL CHECK (action IN ('erase', 'anonymise')),
    category        TEXT NOT NULL,
    record_count    INTEGER NOT NULL,
    note            TEXT NOT NULL DEFAULT ''
);

-- §9: the register review every few months, and its sign-off.
CREATE TABLE review (
    id              INTEGER PRIMARY KEY,
    signed_off_at   TEXT NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES app_user (id),
    checklist_json  TEXT NOT NULL DEFAULT '{}',
    notes           TEXT NOT NULL DEFAULT ''
);

-- §8: the audit trail, each row chained to the previous by its hash.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES app_user (id),
    action      TEXT NOT NULL,
    customer_id INTEGER,                    -- not a foreign key: the trail outlives an erasure
    detail      TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_by_customer ON audit_log (customer_id);
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

-- Application settings that belong to the register (idle lock, backup folder …).
CREATE TABLE setting (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
) WITHOUT ROWID;

-- Search over name, e-mail, phone, city and customer number. Contentless: the text lives only in
-- the customer tables, and an erased person's tokens can be deleted by rowid.
CREATE VIRTUAL TABLE customer_search USING fts5 (
    name, email, phone, city, number,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);
