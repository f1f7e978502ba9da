-- Unauthenticated refusals are accounted in bounded form (audit/CHAIN.md, "Refusal counts"): one REJECTED row per
-- source address and window carries how many requests it stands for. Both columns are null on a row that attests
-- one request. Detached (archived) partitions get the columns too, so a verifier reads them like live ones.
ALTER TABLE ingress_attestation
    ADD COLUMN refused_count  bigint CHECK (refused_count IS NULL OR refused_count >= 1),
    ADD COLUMN source_address text;

DO $$
DECLARE
    archived text;
BEGIN
    FOR archived IN SELECT partition_name FROM attestation_archive LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN IF NOT EXISTS refused_count bigint, '
                       'ADD COLUMN IF NOT EXISTS source_address text', archived);
    END LOOP;
END $$;
