-- Values entered through data collection (schema indicator). Facts computed from cubes are never stored here.
CREATE SCHEMA IF NOT EXISTS indicator;

-- One row per indicator, period and territory: the working value and, once approved, the published one.
CREATE TABLE IF NOT EXISTS indicator.entry (
    code                  VARCHAR NOT NULL,
    period                VARCHAR NOT NULL,   -- 2024, 2024-Q3, 2024-09
    territory             VARCHAR NOT NULL,   -- OKTMO of the region or a municipal formation
    value                 DOUBLE NOT NULL,    -- the value being worked on (draft, submitted, returned or approved)
    comment               VARCHAR,            -- the officer's explanation (required when off target)
    state                 VARCHAR NOT NULL,   -- draft, submitted, approved, returned
    version               INTEGER NOT NULL,   -- +1 on every change; a write names the version it read
    published_value       DOUBLE,             -- the approved value readers see; kept while a revision is in work
    first_published_value DOUBLE,             -- the value as first approved; a revision never changes it
    published_at          TIMESTAMP,
    revision              INTEGER NOT NULL,   -- approvals so far
    review_comment        VARCHAR,            -- why the approver returned it
    submitted_by          VARCHAR,
    updated_by            VARCHAR NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    PRIMARY KEY (code, period, territory)
);

-- Every change: who, when, what it did, the old and the new value and state.
CREATE TABLE IF NOT EXISTS indicator.entry_history (
    code       VARCHAR NOT NULL,
    period     VARCHAR NOT NULL,
    territory  VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    login      VARCHAR NOT NULL,
    action     VARCHAR NOT NULL,   -- save, submit, approve, return, revise
    old_value  DOUBLE,
    new_value  DOUBLE,
    old_state  VARCHAR,
    new_state  VARCHAR NOT NULL,
    comment    VARCHAR
);
