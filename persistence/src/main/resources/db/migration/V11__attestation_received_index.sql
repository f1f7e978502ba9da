-- The supervision's counts of forwarded attestations without an outcome (the attestation-gap metric, the
-- reconciliation worker) read only what was received after their watermark: a range of this index, not every row
-- of the week's partition every interval. Forwarded rows only, the ones that can be a gap. Received times rise, so
-- an insert lands at the right edge of the index.
CREATE INDEX ingress_attestation_forwarded_received_idx ON ingress_attestation (received_at) WHERE outcome = 'FORWARDED';
