-- What the nodes' client-secret key makes of a fixed label (ClientSecrets.keyCheck), recorded by the first node to
-- start. Every later start compares its own: a node with another key would refuse every client's secret, so it is
-- refused at start instead. One row; the node's role may insert and read it, never change it.
CREATE TABLE client_secret_key_check (
    only_row    boolean     PRIMARY KEY DEFAULT true CHECK (only_row),
    check_value text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
