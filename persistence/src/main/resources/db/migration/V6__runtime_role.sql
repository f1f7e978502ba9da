-- The node's runtime role (${runtime_role}: per installation, passed by org.symphony.persistence.Migrations) gets the
-- rights the node needs and no more. The attestation tables and everything the node promises never to rewrite are
-- append-only for it: INSERT and SELECT, no UPDATE, DELETE or TRUNCATE. Only the owner (who runs these migrations
-- and the partition DDL) can change them.
--
-- Tables created later by the owner (ingress_attestation's weekly partitions, tables of later migrations) get
-- SELECT and INSERT only, by default privileges below. A later migration that adds a table the node must UPDATE or
-- DELETE grants that explicitly: GRANT UPDATE, DELETE ON <table> TO ${runtime_role};
--
-- When the node has no separate runtime role (an external database configured with the owner's credentials only),
-- ${runtime_role} is the owner itself and there is nothing to grant.
DO $$
DECLARE
    runtime text := '${runtime_role}';
    part regclass;
BEGIN
    IF runtime = current_user THEN
        RAISE NOTICE 'runtime role is the owner (%): no separate grants', runtime;
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = runtime) THEN
        RAISE EXCEPTION 'runtime role % does not exist: create it (LOGIN, no other attributes) before migrating', runtime;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = runtime AND (rolsuper OR rolbypassrls))
       OR pg_has_role(runtime, current_user, 'USAGE') THEN
        RAISE EXCEPTION 'runtime role % is a superuser or holds the owner''s (%) rights: it could rewrite the attestation chain',
            runtime, current_user;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
               WHERE c.relnamespace = 'public'::regnamespace AND r.rolname = runtime) THEN
        RAISE EXCEPTION 'runtime role % owns tables in schema public: it could rewrite the attestation chain', runtime;
    END IF;

    -- Start from nothing, whatever was granted before, then grant what the node uses.
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', runtime);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', runtime);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', runtime);

    -- Append-only by promise: the chain, what became of each request, signed heads and their keys, incidents and how
    -- they ended, the reconciliation worker's findings, the four-eyes proposals and decisions.
    EXECUTE format('GRANT INSERT ON ingress_attestation, attestation_outcome, attestation_signing_key, attestation_checkpoint,'
        ' audit_incident, incident_resolution, reconciliation_record, intervention_proposal, intervention_decision TO %I', runtime);
    FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'ingress_attestation'::regclass LOOP
        EXECUTE format('GRANT INSERT ON %s TO %I', part, runtime);
    END LOOP;
    -- attestation_archive is written by the partition manager, as the owner, in the transaction that detaches: SELECT only.

    -- Mutable by design: the journal (pekko-persistence-jdbc deletes and marks events, replaces snapshots and durable
    -- state), client secrets (re-registered), the read model and its projection offsets (a rebuild truncates them),
    -- and the per-day incident counter (incremented in place).
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON event_journal, event_tag, snapshot, durable_state, api_client,'
        ' instruction_status, ledger_line, pekko_projection_offset_store, pekko_projection_management,'
        ' incident_day_counter TO %I', runtime);
    EXECUTE format('GRANT TRUNCATE ON instruction_status, ledger_line TO %I', runtime);

    -- Tables the owner creates from now on: new weekly partitions of ingress_attestation above all.
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO %I', runtime);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', runtime);
END
$$;
