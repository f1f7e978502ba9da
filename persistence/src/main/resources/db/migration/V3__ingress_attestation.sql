-- Ingress attestation (audit/CHAIN.md): one row per request that reached the edge, hash-chained per node.
-- No payload, no MSISDN, no names. Partitioned by received_at in 7-day ranges (Monday 00:00 UTC),
-- created ahead by the partition manager; there is deliberately no DEFAULT partition, so a row whose week has
-- no partition is refused (fail closed) instead of landing somewhere unmanaged.
CREATE TABLE ingress_attestation (
    attestation_id  uuid        NOT NULL,
    node_id         text        NOT NULL,
    node_seq        bigint      NOT NULL CHECK (node_seq >= 1),
    received_at     timestamptz NOT NULL,
    subject         text        NOT NULL,
    key_id          text,
    request_id      text        NOT NULL,
    idempotency_key text,
    method          text        NOT NULL,
    path            text        NOT NULL,
    body_sha256     char(64),
    outcome         text        NOT NULL CHECK (outcome IN ('FORWARDED', 'REJECTED')),
    problem_code    text,
    http_status     integer,
    prev_hash       char(64)    NOT NULL,
    hash            char(64)    NOT NULL,
    PRIMARY KEY (node_id, node_seq, received_at)
) PARTITION BY RANGE (received_at);

CREATE INDEX ingress_attestation_id_idx ON ingress_attestation (attestation_id);
CREATE INDEX ingress_attestation_request_idx ON ingress_attestation (request_id);

-- What became of a FORWARDED attestation: written once the engine answered (or failed to).
-- A forwarded attestation without a row here after the grace period is an attestation gap (INV-GAP).
CREATE TABLE attestation_outcome (
    attestation_id uuid        PRIMARY KEY,
    instruction_id text,
    outcome        text        NOT NULL,
    http_status    integer     NOT NULL,
    recorded_at    timestamptz NOT NULL
);

-- Signed chain heads (Ed25519). The public keys are kept so that anyone can verify without the node.
CREATE TABLE attestation_signing_key (
    key_id         text        PRIMARY KEY,
    algorithm      text        NOT NULL CHECK (algorithm = 'Ed25519'),
    public_key_der text        NOT NULL, -- base64 of the X.509 SubjectPublicKeyInfo
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE attestation_checkpoint (
    node_id   text        NOT NULL,
    node_seq  bigint      NOT NULL,
    hash      char(64)    NOT NULL,
    signed_at timestamptz NOT NULL,
    key_id    text        NOT NULL REFERENCES attestation_signing_key (key_id),
    signature text        NOT NULL, -- base64
    PRIMARY KEY (node_id, node_seq)
);

-- Partitions past retention are detached and listed here with a hash of their rows; never dropped silently.
CREATE TABLE attestation_archive (
    partition_name text        PRIMARY KEY,
    range_start    timestamptz NOT NULL,
    range_end      timestamptz NOT NULL,
    row_count      bigint      NOT NULL,
    rows_sha256    char(64)    NOT NULL,
    detached_at    timestamptz NOT NULL DEFAULT now()
);

-- Things an operator must look at (clock went backwards, attestation refused, …).
CREATE TABLE audit_incident (
    incident_id uuid        PRIMARY KEY DEFAULT uuidv7(),
    kind        text        NOT NULL,
    node_id     text,
    detail      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
