-- Clients of the sandbox token endpoint (OAuth2 client credentials).
-- secret_hash holds a salted PBKDF2 hash (see org.symphony.persistence.ClientSecrets), never the secret itself.
-- subject is the participant id for participants, or the operator/supervisor name.
CREATE TABLE api_client (
    client_id   text        PRIMARY KEY,
    secret_hash text        NOT NULL,
    subject     text        NOT NULL,
    role        text        NOT NULL CHECK (role IN ('participant', 'operator', 'supervisor')),
    created_at  timestamptz NOT NULL DEFAULT now()
);
