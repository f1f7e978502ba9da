-- Read model, owned by the instruction projection (org.symphony.audit.readmodel). Everything here can be
-- rebuilt from the journal: pause the projection, empty these tables, clear its offsets, resume.

-- One row per numbered instruction (accepted or rejected): status, sequence index, rail key index.
CREATE TABLE instruction_status (
    instruction_id text        PRIMARY KEY,
    participant_id text        NOT NULL,
    sequence_id    bigint      NOT NULL,
    -- The rail's idempotency key (a pure function of instruction_id): rails' callbacks name it, not us.
    rail_key       text        NOT NULL,
    rail_id        text,
    amount_minor   bigint      NOT NULL,
    currency       text        NOT NULL,
    status         text        NOT NULL,
    code           text,
    rail_reference text,
    accepted_at    timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (participant_id, sequence_id)
);
CREATE UNIQUE INDEX instruction_status_rail_key ON instruction_status (rail_key);
CREATE INDEX instruction_status_open ON instruction_status (status) WHERE status NOT IN ('SUCCEEDED', 'FAILED', 'REJECTED');

-- Double-entry lines: a succeeded instruction debits (+) the participant's settlement position and
-- credits (-) the rail's clearing account; the lines of one instruction sum to zero. Failed and
-- rejected instructions post nothing. Symphony holds no funds: these are exposures, not balances of money.
CREATE TABLE ledger_line (
    instruction_id text        NOT NULL,
    line_no        smallint    NOT NULL,
    account        text        NOT NULL,
    currency       text        NOT NULL,
    amount_minor   bigint      NOT NULL CHECK (amount_minor <> 0),
    posted_at      timestamptz NOT NULL,
    PRIMARY KEY (instruction_id, line_no)
);
CREATE INDEX ledger_line_account ON ledger_line (account, currency);

-- pekko-projection-jdbc 1.0.0's offset store (postgres dialect, lower-case names), created here rather than by the library.
CREATE TABLE pekko_projection_offset_store (
    projection_name varchar(255) NOT NULL,
    projection_key  varchar(255) NOT NULL,
    current_offset  varchar(255) NOT NULL,
    manifest        varchar(4)   NOT NULL,
    mergeable       boolean      NOT NULL,
    last_updated    bigint       NOT NULL,
    PRIMARY KEY (projection_name, projection_key)
);
CREATE INDEX projection_name_index ON pekko_projection_offset_store (projection_name);

CREATE TABLE pekko_projection_management (
    projection_name varchar(255) NOT NULL,
    projection_key  varchar(255) NOT NULL,
    paused          boolean      NOT NULL,
    last_updated    bigint       NOT NULL,
    PRIMARY KEY (projection_name, projection_key)
);
