-- Revocable tokens: every token carries its client's token_version (claim tv); raising it refuses all older
-- tokens. Each raise is recorded (who, when, why) like other operator actions.
-- secret_hash now holds hmac-sha256$... (keyed by the node's client-secret key); pbkdf2-sha256$... rows
-- from before are still verified and re-hashed on their first successful use.
ALTER TABLE api_client ADD COLUMN token_version bigint NOT NULL DEFAULT 1 CHECK (token_version >= 1);

CREATE TABLE api_client_revocation (
    id            bigserial   PRIMARY KEY,
    client_id     text        NOT NULL REFERENCES api_client (client_id) ON DELETE CASCADE,
    token_version bigint      NOT NULL,
    revoked_by    text        NOT NULL,
    reason        text        NOT NULL,
    revoked_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_client_revocation_client ON api_client_revocation (client_id, revoked_at);
