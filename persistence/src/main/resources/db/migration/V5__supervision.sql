-- Supervision (P11): incidents as a lifecycle, the reconciliation worker's append-only records, and the manual
-- intervention queue (four eyes). Nothing here updates an attestation row; what is learnt later is appended.

-- The read model remembers which attestation created each instruction: a forwarded attestation without an
-- outcome is then accounted by its own instruction or by a retry under the same Idempotency-Key.
ALTER TABLE instruction_status ADD COLUMN attestation_id text;
CREATE INDEX instruction_status_dlq ON instruction_status (instruction_id) WHERE code = 'DLQ';

-- Incidents: detected (created_at) by the engine or the reconciliation worker. reference is what people quote
-- (INC-YYYYMMDD-NNN, numbered per UTC day); dedup_key makes a detection idempotent (one incident per fact).
ALTER TABLE audit_incident
    ADD COLUMN reference      text,
    ADD COLUMN dedup_key      text,
    ADD COLUMN participant_id text,
    ADD COLUMN instruction_id text,
    ADD COLUMN attestation_id uuid,
    ADD COLUMN sequence_id    bigint;

CREATE TABLE incident_day_counter (
    day     date    PRIMARY KEY,
    last_no integer NOT NULL CHECK (last_no >= 1)
);

-- Incidents recorded before this migration get their references in the order they were detected.
WITH numbered AS (
    SELECT incident_id, (created_at AT TIME ZONE 'UTC')::date AS day,
           row_number() OVER (PARTITION BY (created_at AT TIME ZONE 'UTC')::date ORDER BY created_at, incident_id) AS n
    FROM audit_incident)
UPDATE audit_incident i
   SET reference = 'INC-' || to_char(numbered.day, 'YYYYMMDD') || '-' || lpad(numbered.n::text, 3, '0')
  FROM numbered WHERE numbered.incident_id = i.incident_id;
INSERT INTO incident_day_counter (day, last_no)
SELECT (created_at AT TIME ZONE 'UTC')::date, count(*) FROM audit_incident GROUP BY 1;

ALTER TABLE audit_incident ALTER COLUMN reference SET NOT NULL;
CREATE UNIQUE INDEX audit_incident_reference ON audit_incident (reference);
CREATE UNIQUE INDEX audit_incident_dedup ON audit_incident (dedup_key);
CREATE INDEX audit_incident_participant ON audit_incident (participant_id);
CREATE INDEX audit_incident_kind ON audit_incident (kind, created_at);

-- How an incident ended: at most one row per incident, never edited. No row = OPEN.
CREATE TABLE incident_resolution (
    incident_id uuid        PRIMARY KEY REFERENCES audit_incident (incident_id),
    status      text        NOT NULL CHECK (status IN ('AUTO_FIXED', 'MANUAL_RESOLVED', 'ABANDONED')),
    resolved_by text        NOT NULL,
    detail      text        NOT NULL,
    resolved_at timestamptz NOT NULL DEFAULT now()
);

-- The reconciliation worker's findings, append-only. An attestation is accounted at most once; a sequence id is
-- closed as VOID at most once; a GHOST finding is recorded once per attestation (its incident carries the rest).
CREATE TABLE reconciliation_record (
    record_id       uuid        PRIMARY KEY DEFAULT uuidv7(),
    kind            text        NOT NULL CHECK (kind IN
                        ('ACCOUNTED_BY_INSTRUCTION', 'ACCOUNTED_BY_RETRY', 'GHOST', 'GHOST_ABANDONED', 'SEQUENCE_VOID')),
    attestation_id  uuid,
    participant_id  text        NOT NULL,
    idempotency_key text,
    instruction_id  text,
    sequence_id     bigint,
    evidence        text        NOT NULL,
    recorded_by     text        NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX reconciliation_accounted ON reconciliation_record (attestation_id)
    WHERE kind IN ('ACCOUNTED_BY_INSTRUCTION', 'ACCOUNTED_BY_RETRY', 'GHOST_ABANDONED');
CREATE UNIQUE INDEX reconciliation_ghost ON reconciliation_record (attestation_id) WHERE kind = 'GHOST';
CREATE UNIQUE INDEX reconciliation_void ON reconciliation_record (participant_id, sequence_id) WHERE kind = 'SEQUENCE_VOID';

-- Four eyes: one operator proposes, another decides. Rows are kept and never edited; a proposal without a
-- decision is pending (at most one per incident).
CREATE TABLE intervention_proposal (
    proposal_id uuid        PRIMARY KEY DEFAULT uuidv7(),
    incident_id uuid        NOT NULL REFERENCES audit_incident (incident_id),
    resolution  text        NOT NULL CHECK (resolution IN ('SUCCEEDED', 'FAILED', 'ABANDONED')),
    reason      text        NOT NULL,
    evidence    text,
    proposed_by text        NOT NULL,
    proposed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX intervention_proposal_incident ON intervention_proposal (incident_id, proposed_at);

CREATE TABLE intervention_decision (
    proposal_id uuid        PRIMARY KEY REFERENCES intervention_proposal (proposal_id),
    decision    text        NOT NULL CHECK (decision IN ('APPROVED', 'REJECTED')),
    decided_by  text        NOT NULL,
    reason      text,
    decided_at  timestamptz NOT NULL DEFAULT now()
);
